package org.ovm.itests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A container registry on loopback that speaks just enough of the Registry HTTP API v2 for the
 * engine to add it ({@code GET /v2/}) and list it (catalog and tags of one repository), so
 * tests can have a registry without a network.
 */
public final class FakeRegistry implements AutoCloseable {

    /** The one repository it has, with the tag {@code latest}. */
    public static final String REPOSITORY = "itest/busybox";

    private final HttpServer server;

    private FakeRegistry(HttpServer server) {
        this.server = server;
    }

    /** Starts it on a free loopback port. */
    public static FakeRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", FakeRegistry::answer);
        server.start();
        return new FakeRegistry(server);
    }

    /** {@code http://127.0.0.1:port}, as {@code POST /registries} takes it. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status = 200;
        String body;
        if (path.equals("/v2/")) {
            body = "{}";
        } else if (path.equals("/v2/_catalog")) {
            body = "{\"repositories\": [\"" + REPOSITORY + "\"]}";
        } else if (path.equals("/v2/" + REPOSITORY + "/tags/list")) {
            body = "{\"name\": \"" + REPOSITORY + "\", \"tags\": [\"latest\"]}";
        } else {
            status = 404;
            body = "{\"errors\": [{\"code\": \"NAME_UNKNOWN\", \"message\": \"repository name not known\"}]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
