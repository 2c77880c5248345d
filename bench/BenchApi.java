import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark programs share: OVM's REST API as admin (requests, tasks followed to their
 * end, fields read from the JSON) and the statistics the reports print. Compiled with each
 * program by its script.
 */
final class BenchApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;
    private static String auth;

    private BenchApi() {
    }

    /** The API at {@code base} ({@code http://host:port/api/v1}) as admin with this password. */
    static void init(String apiBase, String password) {
        base = apiBase;
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** One side of a measured repetition. */
    @FunctionalInterface
    interface Side<T> {
        T run(int repetition) throws Exception;
    }

    /** What {@link #alternate} measured: OVM's {total, post, task} and the raw side's times, in ms. */
    record Sides(List<Double> ovm, List<Double> post, List<Double> server, List<Double> raw) {
    }

    /**
     * Runs {@code reps} repetitions of both sides, alternating which goes first (OVM on even
     * repetitions), after {@code warmup} unmeasured rounds (numbered from -warmup).
     */
    static Sides alternate(int reps, int warmup, Side<double[]> ovm, Side<Double> raw) throws Exception {
        for (int i = -warmup; i < 0; i++) {
            ovm.run(i);
            raw.run(i);
        }
        Sides sides = new Sides(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < reps; i++) {
            double[] o;
            if (i % 2 == 0) {
                o = ovm.run(i);
                sides.raw().add(raw.run(i));
            } else {
                sides.raw().add(raw.run(i));
                o = ovm.run(i);
            }
            sides.ovm().add(o[0]);
            sides.post().add(o[1]);
            sides.server().add(o[2]);
        }
        return sides;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Waits for the task of an accepted request; fails unless it SUCCEEDED. Returns the final task. */
    static String task(String accepted) throws Exception {
        String id = field(accepted, "id");
        String done = await(id);
        String state = field(done, "state");
        if (!"SUCCEEDED".equals(state)) {
            throw new IllegalStateException("task " + id + " ended " + state + ": " + done);
        }
        return done;
    }

    /** Follows a task with GET /tasks/{id}?wait=30 until it has ended; returns its last view. */
    static String await(String taskId) throws Exception {
        while (true) {
            String view = send("GET", "/tasks/" + taskId + "?wait=30", null);
            String state = field(view, "state");
            if (!"QUEUED".equals(state) && !"RUNNING".equals(state)) {
                return view;
            }
        }
    }

    static String send(String method, String path, String json) throws Exception {
        return send(method, path, json, false);
    }

    /** A request; 503 (not ready yet) is retried; with {@code lenient} a refusal returns null instead of failing. */
    static String send(String method, String path, String json, boolean lenient) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 300) {
                return response.body();
            }
            if (response.statusCode() != 503 || attempt > 100) {
                if (lenient) {
                    return null;
                }
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            Thread.sleep(200);
        }
    }

    /** The first string value of a field in a JSON text. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
