import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host monitor's cost: HOSTS simulated hosts in clusters of 100, all UP; then the engine JVM's CPU time
 * (utime + stime of /proc/PID/stat) over SECONDS of nothing but monitoring, as a share of one core. Run by
 * bench/monitor-bench.sh.
 */
public final class MonitorBench {

    public static void main(String[] args) throws Exception {
        BenchApi.init(args[0], args[1]);
        int hosts = Integer.parseInt(args[2]);
        long pid = Long.parseLong(args[3]);
        int seconds = Integer.parseInt(args[4]);
        BenchApi.task(BenchApi.send("POST", "/plugins/ovm-plugin-simulator/install", null));
        String zone = BenchApi.field(BenchApi.send("POST", "/zones", "{\"name\":\"mon\"}"), "id");
        List<String> clusters = new ArrayList<>();
        for (int c = 0; c < (hosts + 99) / 100; c++) {
            clusters.add(BenchApi.field(BenchApi.send("POST", "/clusters", "{\"name\":\"mon" + c + "\",\"zoneId\":\""
                    + zone + "\",\"hypervisorType\":\"simulator\"}"), "id"));
        }
        long t = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> adds = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            int n = h;
            adds.add(pool.submit(() -> BenchApi.send("POST", "/hosts", "{\"name\":\"m" + n + "\",\"type\":\"simulator\","
                    + "\"uri\":\"sim://m" + n + "?cpus=16&memoryMiB=32768\",\"clusterId\":\"" + clusters.get(n / 100)
                    + "\"}")));
        }
        for (Future<String> add : adds) {
            add.get();
        }
        pool.shutdown();
        while (total("/hosts?state=UP&limit=1") < hosts) {
            Thread.sleep(1000);
        }
        System.out.printf("%d hosts UP after %.0f s%n", hosts, (System.nanoTime() - t) / 1e9);
        Thread.sleep(30_000); // the first probes' writes (facts) are over
        long cpu0 = cpu(pid);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double used = (cpu(pid) - cpu0) / 100.0; // clock ticks of 10 ms
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("monitoring %d hosts: the engine used %.1f s of CPU in %.0f s: %.0f%% of one core%n", hosts,
                used, wall, 100 * used / wall);
    }

    /** utime + stime of the process, in clock ticks. */
    private static long cpu(long pid) throws Exception {
        String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static int total(String path) throws Exception {
        Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(BenchApi.send("GET", path, null));
        if (!m.find()) {
            throw new IllegalStateException("no total in " + path);
        }
        return Integer.parseInt(m.group(1));
    }
}
