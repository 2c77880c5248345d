package org.ovm.core.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The Registry HTTP API v2 client against a fake registry (the real one is in DockerIT). */
class RegistryClientTest {

    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ovm:secret".getBytes(
            StandardCharsets.UTF_8));
    private HttpServer server;
    private String url;

    @BeforeEach
    void fakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        if (!AUTH.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 401, "{}", null);
            return;
        }
        String path = x.getRequestURI().getPath();
        String query = x.getRequestURI().getQuery();
        if (path.equals("/v2/")) {
            send(x, 200, "{}", null);
        } else if (path.equals("/v2/_catalog") && (query == null || !query.contains("last="))) {
            send(x, 200, "{\"repositories\":[\"zeta/app\",\"ovm/busybox\"]}",
                    "</v2/_catalog?last=zeta%2Fapp&n=2>; rel=\"next\"");
        } else if (path.equals("/v2/_catalog")) {
            send(x, 200, "{\"repositories\":[\"alpha\"]}", null);
        } else if (path.equals("/v2/ovm/busybox/tags/list")) {
            send(x, 200, "{\"name\":\"ovm/busybox\",\"tags\":[\"latest\",\"1.35\"]}", null);
        } else {
            send(x, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}", null);
        }
    }

    private static void send(HttpExchange x, int status, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (link != null) {
            x.getResponseHeaders().add("Link", link);
        }
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Test
    void catalogPagesAndTagsAreFollowedAndSorted() {
        RegistryClient client = new RegistryClient(url, "ovm", "secret");
        client.check();
        assertThat(client.repositories()).containsExactly("alpha", "ovm/busybox", "zeta/app");
        assertThat(client.tags("ovm/busybox")).containsExactly("1.35", "latest");
        assertThatThrownBy(() -> client.tags("no/such")).isInstanceOfSatisfying(OvmException.class,
                e -> assertThat(e.error()).isEqualTo(OvmError.NOT_FOUND));
    }

    @Test
    void refusedCredentialsNameTheField() {
        assertThatThrownBy(() -> new RegistryClient(url, "ovm", "wrong").check()).isInstanceOfSatisfying(
                OvmException.class, e -> assertThat(e.field()).isEqualTo("password"));
        assertThatThrownBy(() -> new RegistryClient(url, null, null).check()).isInstanceOfSatisfying(
                OvmException.class, e -> assertThat(e.field()).isEqualTo("username"));
    }

    @Test
    void anUnreachableRegistryIsA503() {
        server.stop(0);
        assertThatThrownBy(() -> new RegistryClient(url, null, null).check()).isInstanceOfSatisfying(
                OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.BACKEND_UNREACHABLE));
    }
}
