package org.ovm.core.image.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the Registry HTTP API v2: the version check, the catalog and a repository's tags,
 * with basic authentication. Paged lists are followed through their {@code Link} headers.
 */
final class RegistryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_PAGES = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final URI base;
    private final String authorization;

    RegistryClient(String url, String username, String password) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** Checks that the registry answers {@code /v2/} and takes the credentials. */
    void check() {
        HttpResponse<byte[]> r = get(base.resolve("v2/"));
        if (r.statusCode() == 401) {
            throw OvmException.invalid(authorization == null ? "username" : "password", "the registry at " + base
                    + " refuses " + (authorization == null ? "anonymous access: give a username and password"
                            : "these credentials"));
        }
        if (r.statusCode() != 200) {
            throw OvmException.invalid("url", base + " does not answer the Registry HTTP API v2 (GET /v2/ gave "
                    + r.statusCode() + ")");
        }
    }

    List<String> repositories() {
        return list(base.resolve("v2/_catalog?n=1000"), "repositories");
    }

    List<String> tags(String repository) {
        return list(base.resolve("v2/" + repository + "/tags/list"), "tags");
    }

    private List<String> list(URI first, String field) {
        List<String> out = new ArrayList<>();
        URI next = first;
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            HttpResponse<byte[]> r = get(next);
            if (r.statusCode() == 404) {
                throw new OvmException(OvmError.NOT_FOUND, "the registry has no such repository");
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new OvmException(OvmError.BACKEND_FAILURE, "the registry refuses the stored credentials ("
                        + r.statusCode() + ")");
            }
            if (r.statusCode() != 200) {
                throw new OvmException(OvmError.BACKEND_FAILURE, "the registry answered " + r.statusCode());
            }
            try {
                JsonNode items = JSON.readTree(r.body()).get(field);
                if (items != null) {
                    items.forEach(i -> out.add(i.asText()));
                }
            } catch (IOException e) {
                throw new OvmException(OvmError.BACKEND_FAILURE, "the registry sent no JSON: " + e.getMessage());
            }
            next = r.headers().firstValue("Link").map(this::nextPage).orElse(null);
        }
        out.sort(null);
        return out;
    }

    /** {@code </v2/_catalog?last=x&n=100>; rel="next"} to its URI on this registry. */
    private URI nextPage(String link) {
        int start = link.indexOf('<');
        int end = link.indexOf('>');
        if (start < 0 || end < start || !link.contains("rel=\"next\"")) {
            return null;
        }
        String target = link.substring(start + 1, end);
        return target.startsWith("/") ? base.resolve(target.substring(1)) : null;
    }

    private HttpResponse<byte[]> get(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OvmException(OvmError.BACKEND_UNREACHABLE, "cannot reach the registry at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvmException(OvmError.INTERNAL, "interrupted");
        }
    }
}
