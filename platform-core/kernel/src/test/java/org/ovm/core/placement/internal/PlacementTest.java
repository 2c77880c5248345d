package org.ovm.core.placement.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

class PlacementTest {

    private static HostCandidate host(String name, String state, int allocCpus, long allocMemory) {
        return new HostCandidate(name, name, "kvm", state, 8, 8192, allocCpus, allocMemory, 2.0, 1.0, 0, Map.of());
    }

    private static HostCandidate withInstances(int instances) {
        return new HostCandidate("a", "a", "kvm", "UP", 8, 8192, 0, 0, 2.0, 1.0, instances, Map.of());
    }

    private static final PlacementRequest SMALL = new PlacementRequest(2, 1024, "kvm", Map.of());

    /** The code each kernel filter gives its rejections. */
    private static final Map<Class<?>, String> CODES = Map.of(StateFilter.class, FilterResult.STATE,
            TypeFilter.class, FilterResult.TYPE, CapacityFilter.class, FilterResult.CAPACITY, ScopeFilter.class,
            FilterResult.SCOPE, StorageReachabilityFilter.class, FilterResult.STORAGE,
            NetworkReachabilityFilter.class, FilterResult.NETWORK, AffinityFilter.class, FilterResult.AFFINITY);

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(new StateFilter(), host("a", "UP", 0, 0), SMALL, null),
                Arguments.of(new StateFilter(), host("a", "MAINTENANCE", 0, 0), SMALL, "host is MAINTENANCE"),
                Arguments.of(new TypeFilter(), host("a", "UP", 0, 0), SMALL, null),
                Arguments.of(new TypeFilter(), host("a", "UP", 0, 0), new PlacementRequest(1, 1, "esxi", Map.of()),
                        "host type kvm is not esxi"),
                Arguments.of(new TypeFilter(), host("a", "UP", 0, 0), new PlacementRequest(1, 1, null, Map.of()), null),
                Arguments.of(new CapacityFilter(), host("a", "UP", 0, 7168), SMALL, null),
                Arguments.of(new CapacityFilter(), host("a", "UP", 0, 7680), SMALL,
                        "memory 512 MiB free < 1024 MiB requested"),
                Arguments.of(new CapacityFilter(), host("a", "UP", 15, 0), SMALL, "vCPUs 1 free < 2 requested"),
                Arguments.of(new CapacityFilter(), host("a", "UP", 14, 0), SMALL, null));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void filtersPassOrSayWhy(HostFilter filter, HostCandidate host, PlacementRequest request, String reason) {
        var result = filter.filter(request, host);
        assertThat(result.passed()).isEqualTo(reason == null);
        assertThat(result.reason()).isEqualTo(reason);
        // a rejection says why as a code too, a pass has none
        assertThat(result.code()).isEqualTo(reason == null ? null : CODES.get(filter.getClass()));
    }

    static Stream<Arguments> scorers() {
        return Stream.of(
                Arguments.of(new FreeResourcesScorer(), host("a", "UP", 0, 0), 88),
                Arguments.of(new FreeResourcesScorer(), host("a", "UP", 8, 4096), 38),
                Arguments.of(new FreeResourcesScorer(), host("a", "UP", 14, 7168), 0),
                Arguments.of(new PackingScorer(), host("a", "UP", 0, 0), 12),
                Arguments.of(new PackingScorer(), host("a", "UP", 14, 7168), 100),
                Arguments.of(new FreeMemoryScorer(), host("a", "UP", 0, 0), 88),
                Arguments.of(new FreeMemoryScorer(), host("a", "UP", 15, 4096), 38),
                Arguments.of(new FreeMemoryScorer(), host("a", "UP", 0, 8192), 0),
                Arguments.of(new FreeCpuScorer(), host("a", "UP", 0, 4096), 88),
                Arguments.of(new FreeCpuScorer(), host("a", "UP", 12, 0), 13),
                Arguments.of(new FreeCpuScorer(), host("a", "UP", 16, 0), 0),
                Arguments.of(new FewestInstancesScorer(), host("a", "UP", 0, 0), 100),
                Arguments.of(new FewestInstancesScorer(), withInstances(1), 50),
                Arguments.of(new FewestInstancesScorer(), withInstances(3), 25));
    }

    @ParameterizedTest
    @MethodSource("scorers")
    void scorersRankFrom0To100(HostScorer scorer, HostCandidate host, int expected) {
        assertThat(scorer.score(SMALL, host)).isEqualTo(expected).isBetween(0, 100);
    }

    @Test
    void performanceSpreadsTiesRoundRobinAndProgressivePacks() {
        Placement placement = new Placement();
        List<HostCandidate> equal = List.of(host("a", "UP", 0, 0), host("b", "UP", 0, 0), host("c", "UP", 0, 0));
        List<String> first = Stream.of(0, 1, 2).map(i -> placement.rank(Placement.Policy.PERFORMANCE, SMALL, equal,
                "c1").get(0).host().name()).toList();
        assertThat(first).containsExactlyInAnyOrder("a", "b", "c");

        List<HostCandidate> mixed = List.of(host("empty", "UP", 0, 0), host("half", "UP", 8, 4096),
                host("down", "DOWN", 0, 0));
        assertThat(placement.rank(Placement.Policy.PROGRESSIVE, SMALL, mixed, "c2").get(0).host().name())
                .isEqualTo("half");
        assertThat(placement.rank(Placement.Policy.PERFORMANCE, SMALL, mixed, "c3").get(0).host().name())
                .isEqualTo("empty");
        Placement.Ranked last = placement.rank(Placement.Policy.PERFORMANCE, SMALL, mixed, "c4").get(2);
        assertThat(last.host().name()).isEqualTo("down");
        assertThat(last.rejection()).isEqualTo("host is DOWN");
        assertThat(last.code()).isEqualTo(FilterResult.STATE);
    }

    @Test
    void balancedWeighsMemoryTwiceAsMuchAsCpus() {
        // memoryBusy keeps more resources overall; cpuBusy keeps more memory, which BALANCED weighs x2
        List<HostCandidate> hosts = List.of(host("memoryBusy", "UP", 0, 4096), host("cpuBusy", "UP", 12, 0));
        Placement placement = new Placement();
        assertThat(placement.rank(Placement.Policy.PERFORMANCE, SMALL, hosts, "p").get(0).host().name())
                .isEqualTo("memoryBusy");
        List<Placement.Ranked> balanced = placement.rank(Placement.Policy.BALANCED, SMALL, hosts, "b");
        assertThat(balanced.get(0).host().name()).isEqualTo("cpuBusy");
        // (2 x 88 + 13 + 100) / 4 and (2 x 38 + 88 + 100) / 4
        assertThat(balanced).extracting(Placement.Ranked::score).containsExactly(72, 66);
    }

    @Test
    void aPolicyAsDataAddsFiltersWeighsScorersAndChoosesItsTieBreak() {
        // a plugin filter, named by the policy, runs after the mandatory ones
        HostFilter noB = new HostFilter() {
            @Override
            public String name() {
                return "no-b";
            }

            @Override
            public FilterResult filter(PlacementRequest request, HostCandidate host) {
                return "b".equals(host.name()) ? FilterResult.reject("b is " + request
                        .parameters().get("why")) : FilterResult.pass();
            }
        };
        Placement.Policy custom = new Placement.Policy("x", "x", List.of(noB), Map.of(new PackingScorer(), 3),
                Map.of(Placement.TIE_BREAK, "name", "why", "excluded"));
        List<HostCandidate> equal = List.of(host("c", "UP", 0, 0), host("b", "UP", 0, 0), host("a", "UP", 0, 0));
        Placement placement = new Placement();
        for (int i = 0; i < 3; i++) {
            List<Placement.Ranked> ranked = placement.rank(custom, SMALL, equal, "t");
            // tieBreak=name: always the first by name, never rotated
            assertThat(ranked).extracting(r -> r.host().name()).containsExactly("a", "c", "b");
            // the policy's parameters reach the plugin
            assertThat(ranked.get(2).rejection()).isEqualTo("b is excluded");
            // a plugin filter that gives no code (the 1.0 factory) is OTHER
            assertThat(ranked.get(2).code()).isEqualTo(FilterResult.OTHER);
        }
        // a mandatory filter rejects before a policy's own
        assertThat(placement.rank(custom, SMALL, List.of(host("b", "DOWN", 0, 0)), "t").get(0).rejection())
                .isEqualTo("host is DOWN");
    }

    private static HostCandidate inCluster(String name, String cluster) {
        return new HostCandidate(name, name, "kvm", "UP", 8, 8192, 0, 0, 2.0, 1.0, 0, Map.of("clusterId", cluster));
    }

    private static PlacementRequest hinted(String... pairs) {
        Map<String, String> hints = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            hints.put(pairs[i], pairs[i + 1]);
        }
        return new PlacementRequest(2, 1024, "kvm", hints);
    }

    static Stream<Arguments> constraintFilters() {
        return Stream.of(
                Arguments.of(new ScopeFilter(), inCluster("h1", "c1"), hinted(), null),
                Arguments.of(new ScopeFilter(), inCluster("h1", "c1"), hinted(ScopeFilter.HOSTS, "h2,h1"), null),
                Arguments.of(new ScopeFilter(), inCluster("h1", "c1"), hinted(ScopeFilter.HOSTS, "h2,h3"),
                        "not among the named hosts"),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"), hinted(), null),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "p", StorageReachabilityFilter.POOL_HOST, "h1"), null),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "p", StorageReachabilityFilter.POOL_HOST, "h2"),
                        "storage pool p is local to another host"),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "nfs", StorageReachabilityFilter.POOL_CLUSTER, "c1"),
                        null),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "nfs", StorageReachabilityFilter.POOL_CLUSTER, "c2"),
                        "storage pool nfs is shared by another cluster's hosts"),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "nfs", StorageReachabilityFilter.POOL_HOSTS, "h2,h1"),
                        null),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "nfs", StorageReachabilityFilter.POOL_HOSTS, "h2"),
                        "storage pool nfs is not usable from this host now (not attached here, or unreachable)"),
                Arguments.of(new StorageReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(StorageReachabilityFilter.POOL, "nfs", StorageReachabilityFilter.POOL_HOSTS, ""),
                        "storage pool nfs is not usable from this host now (not attached here, or unreachable)"),
                Arguments.of(new NetworkReachabilityFilter(), inCluster("h1", "c1"), hinted(), null),
                Arguments.of(new NetworkReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(NetworkReachabilityFilter.NETWORKS, "lan=c1"), null),
                Arguments.of(new NetworkReachabilityFilter(), inCluster("h1", "c1"),
                        hinted(NetworkReachabilityFilter.NETWORKS, "lan=c1,dmz=c2"),
                        "network dmz does not reach this host's cluster"),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(), null),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(AffinityFilter.GROUP, "web",
                        AffinityFilter.KIND, "anti-affinity", AffinityFilter.HOSTS, ""), null),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(AffinityFilter.GROUP, "web",
                        AffinityFilter.KIND, "anti-affinity", AffinityFilter.HOSTS, "h2"), null),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(AffinityFilter.GROUP, "web",
                        AffinityFilter.KIND, "anti-affinity", AffinityFilter.HOSTS, "h2,h1"),
                        "already runs a member of anti-affinity group web"),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(AffinityFilter.GROUP, "db",
                        AffinityFilter.KIND, "affinity", AffinityFilter.HOSTS, ""), null),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(AffinityFilter.GROUP, "db",
                        AffinityFilter.KIND, "affinity", AffinityFilter.HOSTS, "h1"), null),
                Arguments.of(new AffinityFilter(), inCluster("h1", "c1"), hinted(AffinityFilter.GROUP, "db",
                        AffinityFilter.KIND, "affinity", AffinityFilter.HOSTS, "h2"),
                        "runs no member of affinity group db (they run elsewhere)"));
    }

    @ParameterizedTest
    @MethodSource("constraintFilters")
    void constraintFiltersPassOrSayWhy(HostFilter filter, HostCandidate host, PlacementRequest request,
            String reason) {
        filtersPassOrSayWhy(filter, host, request, reason);
    }
}
