import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issue 17 scale run of docs/benchmarks.md on the simulator: HOSTS simulated hosts in clusters of 100, each
 * cluster with a shared pool; FAILED of them (spread over the clusters) run HA_PER_HOST HA instances each. At t0 the
 * failed hosts stop answering all at once (their down= files appear); once every one is NON_RESPONSIVE an admin
 * confirms them off (the simulator has no BMC), and the run ends when every HA instance is RUNNING on another host.
 * Then it checks: every HA instance restarted once (one instance/ha-restarted event each, on a host that did not
 * fail), no host holds more than its capacity, and the failed hosts' non-HA instances stayed where they were.
 * Run by bench/ha-scale-bench.sh.
 */
public final class HaScaleBench {

    private static final Pattern ITEM = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"name\":\"([^\"]+)\"[^{}]*?\"hostId\":"
            + "\"([^\"]*)\"[^{}]*?\"state\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        BenchApi.init(args[0], args[1]);
        int hosts = Integer.parseInt(args[2]);
        int failed = Integer.parseInt(args[3]);
        int perHost = Integer.parseInt(args[4]);
        Path downDir = Paths.get(args[5]);
        int perCluster = 100;
        int clusters = (hosts + perCluster - 1) / perCluster;
        Files.createDirectories(downDir);

        BenchApi.task(BenchApi.send("POST", "/plugins/ovm-plugin-simulator/install", null));
        String zone = BenchApi.field(BenchApi.send("POST", "/zones", "{\"name\":\"scale\"}"), "id");
        List<String> clusterIds = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            clusterIds.add(BenchApi.field(BenchApi.send("POST", "/clusters", "{\"name\":\"scale" + c + "\",\"zoneId\":\""
                    + zone + "\",\"hypervisorType\":\"simulator\"}"), "id"));
        }
        // the failing hosts: every (hosts / failed)-th, so each cluster loses some
        Set<Integer> failing = new HashSet<>();
        for (int f = 0; f < failed; f++) {
            failing.add((int) ((long) f * hosts / failed));
        }
        long t = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> adds = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            int n = h;
            String cluster = clusterIds.get(h / perCluster);
            adds.add(pool.submit(() -> BenchApi.send("POST", "/hosts", "{\"name\":\"s" + n + "\",\"type\":\"simulator\","
                    + "\"uri\":\"sim://s" + n + "?cpus=16&memoryMiB=32768&down=" + downDir.resolve("s" + n)
                    + "\",\"clusterId\":\"" + cluster + "\"}")));
        }
        Map<Integer, String> hostIds = new HashMap<>();
        for (int h = 0; h < hosts; h++) {
            hostIds.put(h, BenchApi.field(adds.get(h).get(), "resourceId"));
        }
        while (total("/hosts?state=UP&limit=1") < hosts) {
            Thread.sleep(500);
        }
        System.out.printf("%d hosts UP in %.0f s%n", hosts, (System.nanoTime() - t) / 1e9);
        List<String> pools = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            pools.add(BenchApi.field(BenchApi.task(BenchApi.send("POST", "/storage-pools", "{\"name\":\"scale" + c
                    + "\",\"type\":\"simulator\",\"uri\":\"sim://shared/scale" + c + "?totalGiB=4096\",\"clusterId\":\""
                    + clusterIds.get(c) + "\"}")), "resourceId"));
        }
        // HA instances on the failing hosts (2 vCPUs, 4 GiB each: a failing host's load needs room elsewhere), and
        // one non-HA instance each that must stay
        t = System.nanoTime();
        List<Future<String>> creates = new ArrayList<>();
        Set<String> haNames = new HashSet<>();
        for (int h : failing) {
            for (int i = 0; i <= perHost; i++) {
                boolean ha = i < perHost;
                String name = (ha ? "ha-" : "plain-") + h + "-" + i;
                if (ha) {
                    haNames.add(name);
                }
                String body = "{\"name\":\"" + name + "\",\"cpus\":2,\"memoryMiB\":4096,\"hostId\":\"" + hostIds.get(h)
                        + "\",\"storagePoolId\":\"" + pools.get(h / perCluster) + "\",\"diskGiB\":1,\"start\":true,"
                        + "\"ha\":" + ha + "}";
                creates.add(pool.submit(() -> BenchApi.task(BenchApi.send("POST", "/instances", body))));
            }
        }
        for (Future<String> create : creates) {
            create.get();
        }
        System.out.printf("%d HA and %d other instances created in %.0f s%n", haNames.size(), failing.size(),
                (System.nanoTime() - t) / 1e9);

        // t0: they all fail at once
        long t0 = System.nanoTime();
        for (int h : failing) {
            Files.writeString(downDir.resolve("s" + h), "down");
        }
        while (total("/hosts?state=NON_RESPONSIVE&limit=1") < failing.size()) {
            Thread.sleep(200);
        }
        double detected = (System.nanoTime() - t0) / 1e9;
        List<Future<String>> confirms = new ArrayList<>();
        for (int h : failing) {
            confirms.add(pool.submit(() -> BenchApi.send("POST", "/hosts/" + hostIds.get(h) + "/confirm-down", null)));
        }
        for (Future<String> confirm : confirms) {
            confirm.get();
        }
        double confirmed = (System.nanoTime() - t0) / 1e9;
        Set<String> failedIds = new HashSet<>();
        failing.forEach(h -> failedIds.add(hostIds.get(h)));
        Map<String, String[]> byName;
        while (true) {
            byName = instances();
            long done = byName.entrySet().stream().filter(e -> haNames.contains(e.getKey()))
                    .filter(e -> "RUNNING".equals(e.getValue()[2]) && !failedIds.contains(e.getValue()[1])).count();
            if (done == haNames.size()) {
                break;
            }
            Thread.sleep(500);
        }
        double restarted = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();

        // checks: each HA instance restarted once, the others stayed, no host over capacity
        int twice = 0;
        for (String name : haNames) {
            String id = byName.get(name)[0];
            int events = total("/events?topic=instance/ha-restarted&resourceId=" + id + "&limit=1");
            if (events != 1) {
                twice++;
                System.out.println("instance " + name + " has " + events + " ha-restarted events");
            }
        }
        long moved = byName.entrySet().stream().filter(e -> e.getKey().startsWith("plain-"))
                .filter(e -> !failedIds.contains(e.getValue()[1])).count();
        int over = 0;
        String list = BenchApi.send("GET", "/hosts?limit=" + hosts, null);
        Matcher m = Pattern.compile("\"cpus\":(\\d+),\"memoryMiB\":(\\d+),[^{}]*?\"allocatedCpus\":(\\d+),"
                + "\"allocatedMemoryMiB\":(\\d+),\"cpuOvercommit\":([0-9.]+),\"memoryOvercommit\":([0-9.]+)")
                .matcher(list);
        int seen = 0;
        while (m.find()) {
            seen++;
            if (Long.parseLong(m.group(3)) > Long.parseLong(m.group(1)) * Double.parseDouble(m.group(5))
                    || Long.parseLong(m.group(4)) > Long.parseLong(m.group(2)) * Double.parseDouble(m.group(6))) {
                over++;
            }
        }
        System.out.printf("scale HA run: %d hosts (%d clusters), %d fail at once, %d HA instances: all NON_RESPONSIVE "
                + "after %.1f s, confirmed after %.1f s, every HA instance RUNNING elsewhere after %.1f s "
                + "(%.1f s after the confirmations); restarted more than once: %d; non-HA moved: %d; hosts over "
                + "capacity: %d of %d checked%n", hosts, clusters, failing.size(), haNames.size(), detected, confirmed,
                restarted, restarted - confirmed, twice, moved, over, seen);
        if (twice != 0 || moved != 0 || over != 0 || seen != hosts) {
            throw new IllegalStateException("the scale run's checks failed (see above)");
        }
    }

    /** Every instance by name: {id, hostId, state}. */
    private static Map<String, String[]> instances() throws Exception {
        Map<String, String[]> all = new HashMap<>();
        for (int offset = 0; ; offset += 500) {
            String page = BenchApi.send("GET", "/instances?limit=500&offset=" + offset, null);
            Matcher m = ITEM.matcher(page);
            int n = 0;
            while (m.find()) {
                all.put(m.group(2), new String[] {m.group(1), m.group(3), m.group(4)});
                n++;
            }
            if (n < 500) {
                return all;
            }
        }
    }

    private static int total(String path) throws Exception {
        Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(BenchApi.send("GET", path, null));
        if (!m.find()) {
            throw new IllegalStateException("no total in " + path);
        }
        return Integer.parseInt(m.group(1));
    }
}
