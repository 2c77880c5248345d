package org.ovm.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for the OVM REST API (JSON in, JSON out). */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    public Api(String base, String user, String password) {
        this(base, user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same API with a bearer token. */
    public Api withToken(String token) {
        return new Api(base, "Bearer " + token);
    }

    /** An answer: status, headers and the body parsed as JSON (null if empty or not JSON). */
    public record Reply(int status, String contentType, String location, String body, JsonNode json) {

        public String text(String field) {
            JsonNode node = json == null ? null : json.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    public Reply post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, null);
    }

    public Reply post(String path, String json, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return send(builder.build());
    }

    public Reply put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Reply patch(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Reply upload(String path, Path file) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
    }

    /** Polls a task until it has finished; fails if it has not within {@code timeout}. */
    public JsonNode awaitTask(String taskId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply reply = get("/tasks/" + taskId + "?wait=5");
            String state = reply.text("state");
            if (state != null && !"QUEUED".equals(state) && !"RUNNING".equals(state)) {
                return reply.json();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " still " + state + " after " + timeout + ": "
                        + reply.body());
            }
        }
    }

    /** Polls {@code path} until {@code condition} holds; returns the matching reply. */
    public Reply awaitGet(String path, Predicate<Reply> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply reply = get(path);
        while (!condition.test(reply)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET " + path + " did not reach the expected state within " + timeout
                        + "; last answer: " + reply.body());
            }
            Thread.sleep(100);
            reply = get(path);
        }
        return reply;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse(null);
        JsonNode json = null;
        if (type != null && type.contains("json") && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), type, response.headers().firstValue("Location").orElse(null),
                response.body(), json);
    }
}
