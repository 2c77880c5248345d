package org.ovm.core.internal.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * Runs a placement policy over host candidates: every filter, then the policy's weighted
 * scorers; ties go round-robin. Pure: claims are made by the caller, trying the ranked hosts in
 * order until one claim succeeds.
 */
public final class Placement {

    /** A built-in policy: its filters and weighted scorers. */
    public enum Policy {
        PERFORMANCE(Map.of(new FreeResourcesScorer(), 1)),
        PROGRESSIVE(Map.of(new PackingScorer(), 1)),
        /** Spread weighing memory twice as much as vCPUs, and the instance count as much as vCPUs. */
        BALANCED(Map.of(new FreeMemoryScorer(), 2, new FreeCpuScorer(), 1, new FewestInstancesScorer(), 1));

        final Map<HostScorer, Integer> scorers;

        Policy(Map<HostScorer, Integer> scorers) {
            this.scorers = scorers;
        }

        public static Policy of(String name) {
            return name == null ? PERFORMANCE : valueOf(name);
        }

        /** True if {@code name} names a built-in policy. */
        public static boolean exists(String name) {
            return java.util.Arrays.stream(values()).anyMatch(p -> p.name().equals(name));
        }
    }

    static final List<HostFilter> FILTERS = List.of(new StateFilter(), new TypeFilter(), new CapacityFilter());

    /** A host and its score, or the reason it was rejected. */
    public record Ranked(HostCandidate host, int score, String rejection) {
    }

    /** Highest score first, then by name; written out to avoid boxing on 10,000-host rankings. */
    private static final Comparator<Ranked> BEST_FIRST = (a, b) -> a.score() != b.score()
            ? Integer.compare(b.score(), a.score())
            : a.host().name().compareTo(b.host().name());

    private final Map<String, AtomicInteger> rotation = new ConcurrentHashMap<>();

    /** Every candidate ranked best first, rejected ones last with their reason. */
    public List<Ranked> rank(Policy policy, PlacementRequest request, List<HostCandidate> candidates, String scope) {
        List<Ranked> accepted = new ArrayList<>();
        List<Ranked> rejected = new ArrayList<>();
        for (HostCandidate host : candidates) {
            String reason = null;
            for (HostFilter filter : FILTERS) {
                FilterResult result = filter.filter(request, host);
                if (!result.passed()) {
                    reason = result.reason();
                    break;
                }
            }
            if (reason != null) {
                rejected.add(new Ranked(host, -1, reason));
                continue;
            }
            int total = 0;
            int weights = 0;
            for (Map.Entry<HostScorer, Integer> scorer : policy.scorers.entrySet()) {
                total += scorer.getKey().score(request, host) * scorer.getValue();
                weights += scorer.getValue();
            }
            accepted.add(new Ranked(host, weights == 0 ? 0 : total / weights, null));
        }
        // ties round-robin: rotate the name order by a counter per scope
        int turn = rotation.computeIfAbsent(scope, k -> new AtomicInteger()).getAndIncrement();
        accepted.sort(BEST_FIRST);
        List<Ranked> ordered = new ArrayList<>();
        int i = 0;
        while (i < accepted.size()) {
            int j = i;
            while (j < accepted.size() && accepted.get(j).score() == accepted.get(i).score()) {
                j++;
            }
            List<Ranked> tie = accepted.subList(i, j);
            int shift = policy != Policy.PROGRESSIVE && tie.size() > 1 ? turn % tie.size() : 0;
            for (int k = 0; k < tie.size(); k++) {
                ordered.add(tie.get((k + shift) % tie.size()));
            }
            i = j;
        }
        ordered.addAll(rejected);
        return ordered;
    }

    static long memory(HostCandidate host) {
        return (long) (host.memoryMiB() * host.memoryOvercommit());
    }

    static long cpus(HostCandidate host) {
        return (long) (host.cpus() * host.cpuOvercommit());
    }

    static long freeMemory(HostCandidate host) {
        return memory(host) - host.allocatedMemoryMiB();
    }

    static long freeCpus(HostCandidate host) {
        return cpus(host) - host.allocatedCpus();
    }

    /** The fraction of the host's overcommitted memory still free once the request is placed. */
    static double memoryLeft(PlacementRequest request, HostCandidate host) {
        return fraction(freeMemory(host) - request.memoryMiB(), memory(host));
    }

    /** The fraction of the host's overcommitted vCPUs still free once the request is placed. */
    static double cpusLeft(PlacementRequest request, HostCandidate host) {
        return fraction(freeCpus(host) - request.cpus(), cpus(host));
    }

    static double fraction(long part, long whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(1, (double) part / whole));
    }
}
