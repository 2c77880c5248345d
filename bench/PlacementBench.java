import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ovm.core.placement.internal.Placement;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * P3 of docs/benchmarks.md: the placement decision itself, in one JVM, with no database.
 *
 * <ol>
 * <li>Latency of one ranking over 10,000 simulated hosts (p50/p99) for PERFORMANCE and
 * PROGRESSIVE, against a bare best-fit scan (every host looked at once) over the same hosts measured in the same run.</li>
 * <li>Batch quality: a batch placed largest first under PROGRESSIVE (each choice claimed before
 * the next, as a vApp does), hosts used against the volume lower bound.</li>
 * </ol>
 *
 * Run by bench/placement-bench.sh. Arguments: hosts, decisions, batch size, seed.
 */
public final class PlacementBench {

    private static final int[][] SIZES = {{1, 512}, {1, 2048}, {2, 4096}, {4, 8192}, {8, 16384}};

    public static void main(String[] args) {
        int hosts = Integer.parseInt(args[0]);
        int decisions = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));

        List<HostCandidate> fleet = fleet(hosts, random);
        List<PlacementRequest> requests = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            int[] size = SIZES[random.nextInt(SIZES.length)];
            requests.add(new PlacementRequest(size[0], size[1], null, Map.of()));
        }
        System.out.printf("hosts=%d decisions=%d (after %d warm-up)%n", hosts, decisions, decisions);
        double[] raw = latency("best-fit scan (floor)", requests, r -> bestFit(r, fleet));
        for (Placement.Policy policy : Placement.Policy.builtIn()) {
            Placement placement = new Placement();
            double[] ovm = latency("rank " + policy.id(), requests,
                    r -> placement.rank(policy, r, fleet, "bench").size());
            System.out.printf("  ratio %s / best-fit scan: p50 %.1fx, p99 %.1fx%n", policy.id(), ovm[0] / raw[0],
                    ovm[1] / raw[1]);
        }
        batchQuality(batch, random);
    }

    /** 10,000 hosts of three sizes, each already 0-70 % allocated, 5 % of them not UP. */
    private static List<HostCandidate> fleet(int count, Random random) {
        int[][] shapes = {{16, 65536}, {32, 131072}, {64, 262144}};
        List<HostCandidate> fleet = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] shape = shapes[random.nextInt(shapes.length)];
            double used = random.nextDouble() * 0.7;
            String state = random.nextInt(20) == 0 ? "MAINTENANCE" : "UP";
            fleet.add(new HostCandidate("h" + i, String.format("host-%05d", i), "kvm", state, shape[0], shape[1],
                    (int) (shape[0] * 4 * used), (long) (shape[1] * used), 4.0, 1.0, (int) (used * 20),
                    Map.of("clusterId", "c1")));
        }
        return fleet;
    }

    /** The least any ranking must do: look at every host once and keep the one with most free memory. */
    private static int bestFit(PlacementRequest request, List<HostCandidate> fleet) {
        int best = -1;
        double bestFree = -1;
        for (int i = 0; i < fleet.size(); i++) {
            HostCandidate h = fleet.get(i);
            double freeCpus = h.cpus() * h.cpuOvercommit() - h.allocatedCpus();
            double freeMemory = h.memoryMiB() * h.memoryOvercommit() - h.allocatedMemoryMiB();
            if ("UP".equals(h.state()) && freeCpus >= request.cpus() && freeMemory >= request.memoryMiB()
                    && freeMemory > bestFree) {
                best = i;
                bestFree = freeMemory;
            }
        }
        return best;
    }

    private interface Decision {
        int decide(PlacementRequest request);
    }

    /** Returns {p50, p99} in microseconds after printing them. */
    private static double[] latency(String label, List<PlacementRequest> requests, Decision decision) {
        long sink = 0;
        for (PlacementRequest r : requests) {
            sink += decision.decide(r);
        }
        long[] nanos = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            long start = System.nanoTime();
            sink += decision.decide(requests.get(i));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double p50 = nanos[nanos.length / 2] / 1000.0;
        double p99 = nanos[(int) Math.min(nanos.length - 1, Math.ceil(nanos.length * 0.99) - 1)] / 1000.0;
        System.out.printf("  %-26s p50 %9.1f us   p99 %9.1f us   (checksum %d)%n", label, p50, p99, sink);
        return new double[] {p50, p99};
    }

    /** Empty hosts of one shape, no overcommit; the batch sorted largest first, claimed one by one. */
    private static void batchQuality(int batch, Random random) {
        int hostCpus = 32;
        long hostMemory = 131072;
        List<int[]> items = new ArrayList<>();
        long totalCpus = 0;
        long totalMemory = 0;
        for (int i = 0; i < batch; i++) {
            int[] size = SIZES[random.nextInt(SIZES.length)];
            items.add(size);
            totalCpus += size[0];
            totalMemory += size[1];
        }
        items.sort((a, b) -> Integer.compare(b[1], a[1]));
        long bound = Math.max((totalCpus + hostCpus - 1) / hostCpus, (totalMemory + hostMemory - 1) / hostMemory);
        int hostCount = (int) bound * 2 + 2;
        System.out.printf("batch of %d instances (%d vCPUs, %d MiB) on %d empty hosts of %d CPUs / %d MiB%n",
                batch, totalCpus, totalMemory, hostCount, hostCpus, hostMemory);
        System.out.printf("  volume lower bound: %d hosts%n", bound);
        for (Placement.Policy policy : Placement.Policy.builtIn()) {
            int[] cpus = new int[hostCount];
            long[] memory = new long[hostCount];
            int[] instances = new int[hostCount];
            Placement placement = new Placement();
            int unplaced = 0;
            for (int[] item : items) {
                List<HostCandidate> fleet = new ArrayList<>(hostCount);
                for (int h = 0; h < hostCount; h++) {
                    fleet.add(new HostCandidate("h" + h, String.format("host-%03d", h), "kvm", "UP", hostCpus,
                            hostMemory, cpus[h], memory[h], 1.0, 1.0, instances[h], Map.of()));
                }
                List<Placement.Ranked> ranked = placement.rank(policy, new PlacementRequest(item[0], item[1], null,
                        Map.of()), fleet, "batch");
                if (ranked.isEmpty() || ranked.get(0).rejection() != null) {
                    unplaced++;
                    continue;
                }
                int h = Integer.parseInt(ranked.get(0).host().hostId().substring(1));
                cpus[h] += item[0];
                memory[h] += item[1];
                instances[h]++;
            }
            long used = Arrays.stream(instances).filter(n -> n > 0).count();
            System.out.printf("  %-12s hosts used %d (%.2fx the lower bound), unplaced %d%n", policy.id(), used,
                    (double) used / bound, unplaced);
        }
    }
}
