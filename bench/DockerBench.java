import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * D1 and D2 of docs/benchmarks.md, in one run against one Docker engine:
 * D1: create+start of one container (1 CPU, 64 MiB, {@code sleep 600}) through OVM's REST API
 * ({@code POST /instances} with {@code start: true}, then the task until it ends) vs the same
 * create+start made directly with docker-java; REPS repetitions per side, alternating which
 * side goes first, after unmeasured warm-up rounds.
 * D2: MEMBERS containers as one vApp through OVM ({@code POST /vapps}, until the deploy task
 * ends) vs MEMBERS create+start calls in parallel with docker-java on a pool of RAW_THREADS
 * threads; also, for reference, the raw engine doing what OVM's deploy does (all creates in
 * parallel, then the starts one by one in order). RUNS runs.
 * Every container is removed after it was measured, outside the timing. Run by
 * bench/docker-bench.sh, which starts the engine.
 */
public final class DockerBench {

    /** Every container this benchmark makes is named so; leftovers are removed at start and end. */
    private static final String PREFIX = "dbench-";
    private static final long MIB = 1024L * 1024L;
    private static final long NANOS = 1_000_000_000L;
    private static final int CPUS = 1;
    private static final long MEMORY_MIB = 64;
    private static final List<String> COMMAND = List.of("sleep", "600");
    private static final int WARMUP = 2;
    private static String image;
    private static DockerClient docker;

    public static void main(String[] args) throws Exception {
        BenchApi.init(args[0], args[1]);
        String dockerHost = args[2];
        image = args[3];
        int reps = Integer.parseInt(args[4]);
        int runs = Integer.parseInt(args[5]);
        int members = Integer.parseInt(args[6]);
        int rawThreads = Integer.parseInt(args[7]);

        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(dockerHost)
                .withApiVersion("1.41").build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost)).maxConnections(64).build());
        Info info = docker.infoCmd().exec();
        System.out.printf("docker: engine %s, %d CPUs, %d MiB, storage driver %s, kernel %s; raw client docker-java "
                + "3.7.1 (zerodep transport), API 1.41%n", info.getServerVersion(), info.getNCPU(),
                info.getMemTotal() / MIB, info.getDriver(), info.getKernelVersion());
        docker.inspectImageCmd(image).exec(); // fails at once when the image is missing
        sweep();
        try {
            String hostUri = dockerHost;
            BenchApi.task(BenchApi.send("POST", "/plugins/ovm-plugin-docker/install", null));
            String zone = BenchApi.field(BenchApi.send("POST", "/zones", "{\"name\":\"dbench\"}"), "id");
            // 64 x the engine's CPUs, so that MEMBERS containers of 1 CPU fit a 2-CPU engine
            String cluster = BenchApi.field(BenchApi.send("POST", "/clusters", "{\"name\":\"dbench\",\"zoneId\":\"" + zone
                    + "\",\"hypervisorType\":\"docker\",\"cpuOvercommit\":64}"), "id");
            String addHost = BenchApi.send("POST", "/hosts", "{\"name\":\"bench-docker\",\"type\":\"docker\",\"uri\":\""
                    + hostUri + "\",\"clusterId\":\"" + cluster + "\"}");
            BenchApi.task(addHost);
            String hostId = BenchApi.field(addHost, "resourceId");

            d1(hostId, reps);
            d2(cluster, members, runs, rawThreads);

            // the OVM side of the clean-up; the engine's scratch copy is removed by the script anyway
            String left = BenchApi.send("GET", "/instances?hostId=" + hostId + "&limit=500", null);
            if (BenchApi.send("DELETE", "/hosts/" + hostId, null, true) != null) {
                BenchApi.send("DELETE", "/clusters/" + cluster, null, true);
                BenchApi.send("DELETE", "/zones/" + zone, null, true);
            } else {
                System.err.println("note: the host was not removed from OVM (it still lists containers it "
                        + "discovered on the engine: " + BenchApi.count(left, "\"name\":\"") + "); the scratch engine goes "
                        + "away anyway");
            }
        } finally {
            sweep();
            docker.close();
        }
    }

    // ---------------------------------------------------------------- D1

    private static void d1(String hostId, int reps) throws Exception {
        BenchApi.Sides sides = BenchApi.alternate(reps, WARMUP,
                i -> ovmCreate(hostId, PREFIX + (i < 0 ? "d1-warm-ovm-" + -i : "d1-ovm-" + i)),
                i -> rawCreate(PREFIX + (i < 0 ? "d1-warm-raw-" + -i : "d1-raw-" + i)));
        List<Double> ovm = sides.ovm();
        List<Double> raw = sides.raw();
        List<Double> post = sides.post();
        List<Double> server = sides.server();
        System.out.printf("D1 create+start of one container (%d reps per side, alternating, after %d warm-up "
                + "rounds):%n", reps, WARMUP);
        System.out.printf("  OVM REST        p50 %6.1f ms  p90 %6.1f ms  (min %.1f, max %.1f)%n", BenchApi.median(ovm),
                BenchApi.percentile(ovm, 0.9), Collections.min(ovm), Collections.max(ovm));
        System.out.printf("  raw docker-java p50 %6.1f ms  p90 %6.1f ms  (min %.1f, max %.1f)%n", BenchApi.median(raw),
                BenchApi.percentile(raw, 0.9), Collections.min(raw), Collections.max(raw));
        System.out.printf("  ratio OVM/raw of the medians: %.2f%n", BenchApi.median(ovm) / BenchApi.median(raw));
        System.out.printf("  OVM split (medians): POST /instances answered 202 in %.1f ms; task createdAt..updatedAt "
                + "%.0f ms (server clock, ms resolution)%n", BenchApi.median(post), BenchApi.median(server));
    }

    /** OVM: POST /instances with start:true, wait for the task; returns {total, post, task} in ms. */
    private static double[] ovmCreate(String hostId, String name) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"cpus\":" + CPUS + ",\"memoryMiB\":" + MEMORY_MIB
                + ",\"hostId\":\"" + hostId + "\",\"start\":true,\"container\":{\"image\":\"" + image
                + "\",\"command\":[\"sleep\",\"600\"]}}";
        long t0 = System.nanoTime();
        String accepted = BenchApi.send("POST", "/instances", body);
        long t1 = System.nanoTime();
        String done = BenchApi.task(accepted);
        long t2 = System.nanoTime();
        String id = BenchApi.field(accepted, "resourceId");
        String state = BenchApi.field(BenchApi.send("GET", "/instances/" + id, null), "state");
        if (!"RUNNING".equals(state)) {
            throw new IllegalStateException("instance " + name + " is " + state + " after its create task");
        }
        BenchApi.task(BenchApi.send("DELETE", "/instances/" + id, null));
        double serverMs = Instant.parse(BenchApi.field(done, "updatedAt")).toEpochMilli()
                - Instant.parse(BenchApi.field(done, "createdAt")).toEpochMilli();
        return new double[] {(t2 - t0) / 1e6, (t1 - t0) / 1e6, serverMs};
    }

    /** Raw: create (NanoCpus, Memory) + start with docker-java; removed afterwards. Returns ms. */
    private static double rawCreate(String name) {
        long t0 = System.nanoTime();
        String id = createRaw(name);
        docker.startContainerCmd(id).exec();
        double ms = (System.nanoTime() - t0) / 1e6;
        requireRunning(id, name);
        docker.removeContainerCmd(id).withForce(true).exec();
        return ms;
    }

    private static String createRaw(String name) {
        return docker.createContainerCmd(image).withName(name).withCmd(COMMAND)
                .withHostConfig(HostConfig.newHostConfig().withNanoCPUs(CPUS * NANOS).withMemory(MEMORY_MIB * MIB))
                .exec().getId();
    }

    private static void requireRunning(String id, String name) {
        Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
        if (!Boolean.TRUE.equals(running)) {
            throw new IllegalStateException("container " + name + " is not running after its start");
        }
    }

    // ---------------------------------------------------------------- D2

    private static void d2(String cluster, int members, int runs, int rawThreads) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(rawThreads, rawThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        List<Double> ovm = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> ordered = new ArrayList<>();
        List<Double> post = new ArrayList<>();
        try {
            for (int run = 0; run < runs; run++) {
                double[] o;
                if (run % 2 == 0) {
                    o = ovmVApp(cluster, members, run);
                    raw.add(rawParallel(pool, members, run));
                    ordered.add(rawOrdered(pool, members, run));
                } else {
                    raw.add(rawParallel(pool, members, run));
                    ordered.add(rawOrdered(pool, members, run));
                    o = ovmVApp(cluster, members, run);
                }
                ovm.add(o[0]);
                post.add(o[1]);
                System.out.printf("  D2 run %d: OVM vApp %.2f s (POST answered in %.2f s); raw parallel %.2f s; "
                        + "raw parallel creates then ordered starts %.2f s%n", run + 1, o[0], o[1], raw.get(run),
                        ordered.get(run));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("D2 %d containers (%d runs; raw pool of %d threads):%n", members, runs, rawThreads);
        System.out.printf("  OVM vApp (POST /vapps until the deploy task SUCCEEDED)      median %6.2f s (min %.2f, "
                + "max %.2f)%n", BenchApi.median(ovm), Collections.min(ovm), Collections.max(ovm));
        System.out.printf("  raw docker-java, %d parallel create+start                   median %6.2f s (min %.2f, "
                + "max %.2f)%n", members, BenchApi.median(raw), Collections.min(raw), Collections.max(raw));
        System.out.printf("  raw docker-java, parallel creates then starts in order     median %6.2f s (min %.2f, "
                + "max %.2f)%n", BenchApi.median(ordered), Collections.min(ordered), Collections.max(ordered));
        System.out.printf("  ratio OVM/raw parallel of the medians: %.1f; OVM/raw same shape: %.1f; POST /vapps "
                + "answered 202 in %.2f s (median)%n", BenchApi.median(ovm) / BenchApi.median(raw), BenchApi.median(ovm) / BenchApi.median(ordered),
                BenchApi.median(post));
    }

    /** OVM: one vApp of MEMBERS containers, until its deploy task ends; deleted afterwards. {total, post} in s. */
    private static double[] ovmVApp(String cluster, int members, int run) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < members; i++) {
            list.append(i == 0 ? "" : ",").append("{\"name\":\"").append(PREFIX).append("d2-ovm").append(run)
                    .append("-m").append(i).append("\",\"cpus\":").append(CPUS).append(",\"memoryMiB\":")
                    .append(MEMORY_MIB).append(",\"container\":{\"image\":\"").append(image)
                    .append("\",\"command\":[\"sleep\",\"600\"]}}");
        }
        String body = "{\"name\":\"" + PREFIX + "d2-" + run + "\",\"clusterId\":\"" + cluster
                + "\",\"start\":true,\"instances\":[" + list + "]}";
        long t0 = System.nanoTime();
        String accepted = BenchApi.send("POST", "/vapps", body);
        long t1 = System.nanoTime();
        String done = BenchApi.await(BenchApi.field(accepted, "id"));
        long t2 = System.nanoTime();
        String state = BenchApi.field(done, "state");
        String vapp = BenchApi.field(accepted, "resourceId");
        if (!"SUCCEEDED".equals(state)) {
            throw new IllegalStateException("vApp deploy ended " + state + ": " + done);
        }
        String view = BenchApi.send("GET", "/vapps/" + vapp, null);
        if (!"RUNNING".equals(BenchApi.field(view, "state"))) {
            throw new IllegalStateException("vApp is not RUNNING after its deploy: " + view);
        }
        long running = docker.listContainersCmd().withNameFilter(List.of(PREFIX + "d2-ovm" + run + "-m"))
                .withStatusFilter(List.of("running")).exec().size();
        if (running != members) {
            throw new IllegalStateException(running + " of " + members + " vApp containers run on the engine");
        }
        BenchApi.task(BenchApi.send("DELETE", "/vapps/" + vapp, null));
        return new double[] {(t2 - t0) / 1e9, (t1 - t0) / 1e9};
    }

    /** Raw: MEMBERS create+start in parallel; removed afterwards (in parallel, not timed). Seconds. */
    private static double rawParallel(ThreadPoolExecutor pool, int members, int run) throws Exception {
        List<Future<String>> started = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < members; i++) {
            String name = PREFIX + "d2-raw" + run + "-m" + i;
            started.add(pool.submit(() -> {
                String id = createRaw(name);
                docker.startContainerCmd(id).exec();
                return id;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : started) {
            ids.add(f.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        removeAll(pool, ids, members);
        return seconds;
    }

    /** Raw, shaped like OVM's deploy: MEMBERS creates in parallel, then the starts one by one. Seconds. */
    private static double rawOrdered(ThreadPoolExecutor pool, int members, int run) throws Exception {
        List<Future<String>> created = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < members; i++) {
            String name = PREFIX + "d2-seq" + run + "-m" + i;
            created.add(pool.submit(() -> createRaw(name)));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : created) {
            ids.add(f.get());
        }
        for (String id : ids) {
            docker.startContainerCmd(id).exec();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        removeAll(pool, ids, members);
        return seconds;
    }

    private static void removeAll(ThreadPoolExecutor pool, List<String> ids, int members) throws Exception {
        long running = ids.stream().filter(id -> Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState()
                .getRunning())).count();
        if (running != members) {
            throw new IllegalStateException(running + " of " + members + " raw containers run");
        }
        List<Future<?>> removed = new ArrayList<>();
        for (String id : ids) {
            removed.add(pool.submit(() -> docker.removeContainerCmd(id).withForce(true).exec()));
        }
        for (Future<?> f : removed) {
            f.get();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Removes every container whose name starts with {@value #PREFIX} (this benchmark's). */
    private static void sweep() {
        for (Container c : docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(PREFIX)).exec()) {
            for (String name : c.getNames()) {
                if (name.startsWith("/" + PREFIX)) {
                    docker.removeContainerCmd(c.getId()).withForce(true).exec();
                    break;
                }
            }
        }
    }
}
