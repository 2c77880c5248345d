import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E1 of docs/benchmarks.md against one simulated ESXi host: create+power-on of a diskless VM
 * (1 vCPU, 64 MiB) through OVM's REST API ({@code POST /instances} with {@code start: true},
 * then the task until it ends) vs the same SOAP calls made directly ({@code CreateVM_Task} and
 * {@code PowerOnVM_Task}, each awaited) by govmomi ({@code esxi-check create}, which times
 * itself after its login); REPS repetitions per side, alternating which side goes first, after
 * unmeasured warm-up rounds. Every VM is deleted after it was measured, outside the timing.
 * Run by bench/esxi-bench.sh, which starts the engine.
 */
public final class EsxiBench {

    private static final String PREFIX = "ebench-";
    private static final int WARMUP = 2;
    private static final Pattern MS = Pattern.compile("\"ms\":([0-9.]+)");
    private static List<String> check;

    public static void main(String[] args) throws Exception {
        BenchApi.init(args[0], args[1]);
        String url = args[2];
        String user = args[3];
        String thumbprint = args[4];
        check = List.of(args[5], "-url", url, "-user", user, "-ca", args[6]);
        int reps = Integer.parseInt(args[7]);
        BenchApi.task(BenchApi.send("POST", "/plugins/ovm-plugin-esxi/install", null));
        String addHost = BenchApi.send("POST", "/hosts", "{\"name\":\"bench-esxi\",\"type\":\"esxi\",\"uri\":\"" + url
                + "\",\"username\":\"" + user + "\",\"password\":\"" + System.getenv("ESXI_PASSWORD")
                + "\",\"settings\":{\"thumbprint\":\"" + thumbprint + "\"}}");
        BenchApi.task(addHost);
        String hostId = BenchApi.field(addHost, "resourceId");
        System.out.println("esxi: " + BenchApi.field(BenchApi.send("GET", "/hosts/" + hostId, null),
                "hypervisorVersion") + " (govmomi's simulator, unfiltered), raw client govmomi (esxi-check)");

        BenchApi.Sides sides = BenchApi.alternate(reps, WARMUP,
                i -> ovm(hostId, PREFIX + (i < 0 ? "warm-ovm-" + -i : "ovm-" + i)),
                i -> raw(PREFIX + (i < 0 ? "warm-raw-" + -i : "raw-" + i)));
        List<Double> ovm = sides.ovm();
        List<Double> raw = sides.raw();
        List<Double> post = sides.post();
        List<Double> server = sides.server();
        System.out.printf("E1 create+power-on of one diskless VM (1 vCPU, 64 MiB; %d reps per side, alternating, "
                + "after %d warm-up rounds):%n", reps, WARMUP);
        System.out.printf("  OVM REST      p50 %6.1f ms  p90 %6.1f ms  (min %.1f, max %.1f)%n",
                BenchApi.median(ovm), BenchApi.percentile(ovm, 0.9), Collections.min(ovm), Collections.max(ovm));
        System.out.printf("  raw SOAP      p50 %6.1f ms  p90 %6.1f ms  (min %.1f, max %.1f)%n",
                BenchApi.median(raw), BenchApi.percentile(raw, 0.9), Collections.min(raw), Collections.max(raw));
        System.out.printf("  ratio OVM/raw of the medians: %.2f%n", BenchApi.median(ovm) / BenchApi.median(raw));
        System.out.printf("  OVM split (medians): POST /instances answered 202 in %.1f ms; task createdAt..updatedAt "
                + "%.0f ms (server clock, ms resolution)%n", BenchApi.median(post), BenchApi.median(server));
    }

    /** OVM: POST /instances with start:true, wait for the task; {total, post, task} in ms. Deleted afterwards. */
    private static double[] ovm(String hostId, String name) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"cpus\":1,\"memoryMiB\":64,\"hostId\":\"" + hostId
                + "\",\"start\":true}";
        long t0 = System.nanoTime();
        String accepted = BenchApi.send("POST", "/instances", body);
        long t1 = System.nanoTime();
        String done = BenchApi.task(accepted);
        double[] ms = {(System.nanoTime() - t0) / 1e6, (t1 - t0) / 1e6,
            java.time.Instant.parse(BenchApi.field(done, "updatedAt")).toEpochMilli()
                    - java.time.Instant.parse(BenchApi.field(done, "createdAt")).toEpochMilli()};
        String id = BenchApi.field(accepted, "resourceId");
        String state = BenchApi.field(BenchApi.send("GET", "/instances/" + id, null), "state");
        if (!"RUNNING".equals(state)) {
            throw new IllegalStateException("instance " + name + " is " + state + " after its create task");
        }
        BenchApi.task(BenchApi.send("DELETE", "/instances/" + id, null));
        return ms;
    }

    /** Raw: esxi-check create (timed by itself), then destroy. */
    private static double raw(String name) throws Exception {
        Matcher m = MS.matcher(run("create", name));
        if (!m.find()) {
            throw new IllegalStateException("esxi-check create " + name + " printed no time");
        }
        run("destroy", name);
        return Double.parseDouble(m.group(1));
    }

    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(check);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("esxi-check " + String.join(" ", args) + ": " + out);
        }
        return out;
    }
}
