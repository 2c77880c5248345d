package org.ovm.core.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
        assertThat(Placement.Policy.exists("BALANCED")).isTrue();
        assertThat(Placement.Policy.exists("RANDOM")).isFalse();
    }
}
