package org.ovm.core.placement.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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

    /**
     * A placement policy resolved to its plugins: extra filters (after the {@link #MANDATORY} ones),
     * weighted scorers and parameters ({@code tieBreak}: {@code round-robin}, the default, or
     * {@code name}; the rest reach every plugin through {@link PlacementRequest#parameters()}).
     */
    public record Policy(String id, String name, List<HostFilter> filters, Map<HostScorer, Integer> scorers,
            Map<String, String> parameters) {

        public static final Policy PERFORMANCE = new Policy("PERFORMANCE", "performance", List.of(),
                Map.of(new FreeResourcesScorer(), 1), Map.of());
        public static final Policy PROGRESSIVE = new Policy("PROGRESSIVE", "progressive", List.of(),
                Map.of(new PackingScorer(), 1), Map.of(TIE_BREAK, "name"));
        /** Spread weighing memory twice as much as vCPUs, and the instance count as much as vCPUs. */
        public static final Policy BALANCED = new Policy("BALANCED", "balanced", List.of(),
                Map.of(new FreeMemoryScorer(), 2, new FreeCpuScorer(), 1, new FewestInstancesScorer(), 1), Map.of());

        public Policy {
            filters = List.copyOf(filters);
            scorers = Map.copyOf(scorers);
            parameters = Map.copyOf(parameters);
        }

        /** The built-in policies, as the schema seeds them. */
        public static List<Policy> builtIn() {
            return List.of(PERFORMANCE, PROGRESSIVE, BALANCED);
        }

        boolean roundRobin() {
            return !"name".equals(parameters.get(TIE_BREAK));
        }
    }

    /** Policy parameter choosing how equal scores are ordered. */
    public static final String TIE_BREAK = "tieBreak";

    /** The filters every policy applies first: correctness, not preference. */
    public static final List<HostFilter> MANDATORY = List.of(new ScopeFilter(), new StateFilter(), new TypeFilter(), new KindFilter(),
            new CapacityFilter(), new StorageReachabilityFilter(), new NetworkReachabilityFilter(),
            new AffinityFilter());

    /** A host and its score, or the reason it was rejected (with its code). */
    public record Ranked(HostCandidate host, int score, String rejection, String code) {
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
        if (!policy.parameters().isEmpty()) {
            Map<String, String> parameters = new HashMap<>(policy.parameters());
            parameters.putAll(request.parameters()); // the request's hints win over the policy's defaults
            request = new PlacementRequest(request.cpus(), request.memoryMiB(), request.type(), parameters);
        }
        List<HostFilter> filters = policy.filters().isEmpty() ? MANDATORY
                : Stream.concat(MANDATORY.stream(), policy.filters().stream()).toList();
        for (HostCandidate host : candidates) {
            FilterResult rejection = null;
            for (HostFilter filter : filters) {
                FilterResult result = filter.filter(request, host);
                if (!result.passed()) {
                    rejection = result;
                    break;
                }
            }
            if (rejection != null) {
                rejected.add(new Ranked(host, -1, rejection.reason(), rejection.code() == null ? FilterResult.OTHER
                        : rejection.code()));
                continue;
            }
            int total = 0;
            int weights = 0;
            for (Map.Entry<HostScorer, Integer> scorer : policy.scorers.entrySet()) {
                total += scorer.getKey().score(request, host) * scorer.getValue();
                weights += scorer.getValue();
            }
            accepted.add(new Ranked(host, weights == 0 ? 0 : total / weights, null, null));
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
            int shift = policy.roundRobin() && tie.size() > 1 ? turn % tie.size() : 0;
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
