import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P5 and the engine half of P3 of docs/benchmarks.md: loads HOSTS simulated hosts (in clusters of
 * 1,000) each reporting SEED running instances, which inventory sync discovers, then times
 * placement decisions through the engine (POST /placements/explain over one cluster and over
 * the whole zone). Run by bench/inventory-bench.sh, which starts the engine, reads its heap and
 * drives GET /instances with wrk (P4).
 */
public final class InventoryBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;
    private static String auth;

    public static void main(String[] args) throws Exception {
        base = args[0];
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        int hosts = Integer.parseInt(args[2]);
        int seed = Integer.parseInt(args[3]);
        int decisions = Integer.parseInt(args[4]);
        int perCluster = 1000;

        send("POST", "/plugins/ovm-plugin-simulator/install", null);
        while (send("GET", "/plugins/ovm-plugin-simulator", null).contains("\"services\":[]")) {
            Thread.sleep(200);
        }
        String zone = field(send("POST", "/zones", "{\"name\":\"bench\"}"), "id");
        List<String> clusters = new ArrayList<>();
        for (int c = 0; c < (hosts + perCluster - 1) / perCluster; c++) {
            clusters.add(field(send("POST", "/clusters", "{\"name\":\"bench-c" + c + "\",\"zoneId\":\"" + zone
                    + "\",\"hypervisorType\":\"simulator\"}"), "id"));
        }
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> adds = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            int n = h;
            adds.add(pool.submit(() -> send("POST", "/hosts", "{\"name\":\"b" + n + "\",\"type\":\"simulator\","
                    + "\"uri\":\"sim://b" + n + "?cpus=64&memoryMiB=262144&seed=" + seed + "\",\"clusterId\":\""
                    + clusters.get(n / perCluster) + "\"}")));
        }
        for (Future<String> add : adds) {
            add.get();
        }
        pool.shutdown();
        double added = seconds(started);
        awaitTotal("/hosts?state=UP&limit=1", hosts);
        double up = seconds(started);
        awaitTotal("/instances?limit=1", (long) hosts * seed);
        double discovered = seconds(started);
        System.out.printf("P5 load: %d hosts accepted in %.0f s, all UP after %.0f s, %d instances discovered "
                + "after %.0f s%n", hosts, added, up, (long) hosts * seed, discovered);

        for (String[] scope : List.of(new String[] {"clusterId", clusters.get(0), "one cluster of "
                + Math.min(hosts, perCluster) + " hosts"}, new String[] {"zoneId", zone, "the zone, " + hosts
                        + " hosts"})) {
            String body = "{\"" + scope[0] + "\":\"" + scope[1] + "\",\"cpus\":2,\"memoryMiB\":4096}";
            for (int i = 0; i < 20; i++) {
                send("POST", "/placements/explain", body); // warm-up
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < decisions; i++) {
                long t = System.nanoTime();
                send("POST", "/placements/explain", body);
                millis.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(millis);
            System.out.printf("P3 engine: explain over %s: p50 %.1f ms, p99 %.1f ms (%d decisions)%n", scope[2],
                    pct(millis, 50), pct(millis, 99), decisions);
        }
    }

    private static void awaitTotal(String path, long expected) throws Exception {
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long total = Long.parseLong(field(send("GET", path, null), "total"));
            if (total >= expected) {
                return;
            }
            if (total != last) {
                System.err.printf("  %s: %d of %d%n", path, total, expected);
                last = total;
            }
            Thread.sleep(5000);
        }
        throw new IllegalStateException(path + " never reached " + expected);
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String send(String method, String path, String json) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                    .header("Content-Type", "application/json");
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 300) {
                return response.body();
            }
            if (response.statusCode() != 503 || attempt > 50) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            Thread.sleep(200);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
