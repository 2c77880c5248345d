import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * P2 of docs/benchmarks.md: a vApp of N instances on libvirt's test:///default driver through
 * OVM (placed as a batch, created in parallel, then started in order; 1 vCPU and 16 MiB each, so 100
 * fit the test driver's node at a CPU overcommit of 8) against the same libvirt
 * work done directly with libvirt-java in the same run (N domains defined in parallel on one
 * connection, then started one by one). Run by bench/vapp-bench.sh, which starts the engine.
 */
public final class VAppBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;
    private static String auth;

    public static void main(String[] args) throws Exception {
        base = args[0];
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        int members = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);

        send("POST", "/plugins/ovm-plugin-kvm/install", null);
        String zone = field(send("POST", "/zones", "{\"name\":\"bench\"}"), "id");
        String cluster = field(send("POST", "/clusters", "{\"name\":\"bench\",\"zoneId\":\"" + zone
                + "\",\"hypervisorType\":\"kvm\",\"cpuOvercommit\":8}"), "id");
        String host = send("POST", "/hosts", "{\"name\":\"testdrv\",\"type\":\"kvm\",\"uri\":\"test:///default\","
                + "\"clusterId\":\"" + cluster + "\"}");
        await(field(host, "id"));

        List<Double> ovm = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < members; i++) {
                list.append(i == 0 ? "" : ",").append("{\"name\":\"r").append(run).append("-m").append(i)
                        .append("\",\"cpus\":1,\"memoryMiB\":16}");
            }
            long started = System.nanoTime();
            String task = send("POST", "/vapps", "{\"name\":\"bench-" + run + "\",\"clusterId\":\"" + cluster
                    + "\",\"instances\":[" + list + "]}");
            String state = await(field(task, "id"));
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!"SUCCEEDED".equals(state)) {
                throw new IllegalStateException("vApp deploy ended " + state);
            }
            ovm.add(seconds);
            await(field(send("DELETE", "/vapps/" + field(task, "resourceId"), null), "id"));

            raw.add(rawVApp(members, run));
            System.out.printf("run %d: OVM %.2f s, libvirt-java %.2f s%n", run + 1, ovm.get(run), raw.get(run));
        }
        double o = median(ovm);
        double r = median(raw);
        System.out.printf("P2 vApp of %d on test:///default: OVM median %.2f s, raw libvirt median %.2f s, "
                + "ratio %.1fx (%d runs)%n", members, o, r, o / r, runs);
    }

    /** The same libvirt work without OVM: define in parallel on one connection, then start in order. */
    private static double rawVApp(int members, int run) throws Exception {
        Connect conn = new Connect("test:///default");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(members, 64));
        try {
            long started = System.nanoTime();
            List<Future<Domain>> defined = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                String name = "raw" + run + "-m" + i;
                defined.add(pool.submit(() -> conn.domainDefineXML("<domain type='test'><name>" + name
                        + "</name><memory unit='MiB'>16</memory><vcpu>1</vcpu><os><type arch='i686'>hvm</type>"
                        + "<boot dev='hd'/></os><devices><serial type='pty'><target port='0'/></serial>"
                        + "<console type='pty'><target type='serial' port='0'/></console></devices></domain>")));
            }
            List<Domain> domains = new ArrayList<>();
            for (Future<Domain> domain : defined) {
                domains.add(domain.get());
            }
            for (Domain domain : domains) {
                domain.create();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            for (Domain domain : domains) {
                domain.destroy();
                domain.undefine();
            }
            return seconds;
        } finally {
            pool.shutdown();
            conn.close();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String await(String taskId) throws Exception {
        while (true) {
            String state = field(send("GET", "/tasks/" + taskId + "?wait=30", null), "state");
            if (!"QUEUED".equals(state) && !"RUNNING".equals(state)) {
                return state;
            }
        }
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
            if (response.statusCode() != 503 || attempt > 100) {
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
