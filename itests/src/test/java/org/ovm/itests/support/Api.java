package org.ovm.itests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small HTTP client for the OVM REST API (JSON in, JSON out), with the setup steps the ITs
 * share (plugins, hosts). The setup helpers fail the test when a step does not succeed.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a setup step (plugin install, host connect) may take; KVM hosts are the slow ones. */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(180);

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
    public record Reply(int status, String contentType, String location, String body, JsonNode json,
            java.net.http.HttpHeaders headers) {

        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers == null ? null : headers.firstValue(name).orElse(null);
        }

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

    /** Installs each plugin that is not installed yet; asserts every install task succeeded. */
    public void installPlugins(String... pluginIds) throws Exception {
        for (String plugin : pluginIds) {
            if (!installed(plugin)) {
                assertThat(awaitTask(post("/plugins/" + plugin + "/install", null).text("id"), SETUP_TIMEOUT)
                        .get("state").asText()).as("install " + plugin).isEqualTo("SUCCEEDED");
            }
        }
    }

    /** Uninstalls each plugin that is installed; asserts every uninstall task succeeded. */
    public void uninstallPlugins(String... pluginIds) throws Exception {
        for (String plugin : pluginIds) {
            if (installed(plugin)) {
                assertThat(awaitTask(post("/plugins/" + plugin + "/uninstall", null).text("id"), SETUP_TIMEOUT)
                        .get("state").asText()).as("uninstall " + plugin).isEqualTo("SUCCEEDED");
            }
        }
    }

    private boolean installed(String plugin) throws Exception {
        Reply reply = get("/plugins/" + plugin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("installed").asBoolean();
    }

    /** Adds a host and waits until it is connected; asserts the add succeeded; its id. */
    public String addHost(String body) throws Exception {
        return finished(post("/hosts", body), SETUP_TIMEOUT);
    }

    /** The id of a resource a call created at once (201). */
    public static String created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.text("id");
    }

    /** The id of the resource of a task the call started (202), once the task SUCCEEDED within {@code timeout}. */
    public String finished(Reply reply, Duration timeout) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode task = awaitTask(reply.text("id"), timeout);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        return reply.text("resourceId");
    }

    /**
     * Adds a KVM host at {@code uri} with software emulation (domain type qemu, as the test
     * backends of {@code ./ovm backends up} need); its id.
     */
    public String addKvmHost(String name, String uri) throws Exception {
        return addHost(Json.object("name", name, "type", "kvm", "uri", uri, "settings",
                Map.of("domainType", "qemu")));
    }

    /** Adds a simulated host (the simulator plugin must be installed) of this size, in no cluster; its id. */
    public String addSimulatorHost(String name, int cpus, long memoryMiB) throws Exception {
        return addHost(Json.object("name", name, "type", "simulator", "uri",
                "sim://" + name + "?cpus=" + cpus + "&memoryMiB=" + memoryMiB));
    }

    /** Adds a simulator storage pool named {@code name} on a simulator host; returns the pool's id. */
    public String addSimulatorPool(String name, String hostId) throws Exception {
        return finished(post("/storage-pools", Json.object("name", name, "type", "simulator", "uri", "sim://" + name,
                "hostId", hostId)), SETUP_TIMEOUT);
    }

    /** Sends every body at once (one thread each) and returns the replies in order. */
    public List<Reply> postConcurrently(String path, List<String> bodies) {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            List<CompletableFuture<Reply>> sent = bodies.stream().map(body -> CompletableFuture.supplyAsync(() -> {
                try {
                    return post(path, body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool)).toList();
            return sent.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
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
                response.body(), json, response.headers());
    }

    /** The newest event of {@code topic} about {@code resourceId} (or any resource when null). */
    public JsonNode newestEvent(String topic, String resourceId) throws Exception {
        Reply list = get("/events?limit=500&topic=" + topic);
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode e : list.json().get("items")) {
            if (resourceId == null || resourceId.equals(e.path("resourceId").asText(null))) {
                return e;
            }
        }
        throw new AssertionError("no event " + topic + " for " + resourceId + " in " + list.body());
    }

    /** That event, checked: by {@code user} from 127.0.0.1 with {@code outcome}. */
    public JsonNode audited(String topic, String resourceId, String user, String outcome) throws Exception {
        JsonNode e = newestEvent(topic, resourceId);
        assertThat(e.get("user").asText()).as(topic + " user").isEqualTo(user);
        assertThat(e.get("source").asText()).as(topic + " source").isEqualTo("127.0.0.1");
        assertThat(e.get("outcome").asText()).as(topic + " outcome").isEqualTo(outcome);
        return e;
    }
}
