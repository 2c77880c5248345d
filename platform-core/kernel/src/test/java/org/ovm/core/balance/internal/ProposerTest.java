package org.ovm.core.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;
import org.ovm.core.balance.BalancingSettings;
import org.ovm.core.balance.internal.Proposer.Host;
import org.ovm.core.balance.internal.Proposer.Move;
import org.ovm.core.balance.internal.Proposer.Proposal;
import org.ovm.core.balance.internal.Proposer.Vm;

class ProposerTest {

    private static final BalancingSettings SAVING = new BalancingSettings("POWER_SAVING", null, null, null, null)
            .over(BalancingSettings.DEFAULT);
    private static final BalancingSettings SPREADING = new BalancingSettings("load_balancing", null, null, null, null)
            .over(BalancingSettings.DEFAULT);

    /** A host with 4 cores and 8 GiB, allocations as given by the instances listed on it. */
    private static Host host(String name, Vm... on) {
        int cpus = 0;
        long memory = 0;
        for (Vm vm : on) {
            cpus += vm.cpus();
            memory += vm.memoryMiB();
        }
        return new Host(name, name, 4, 8192, 4.0, 1.0, cpus, memory);
    }

    private static Vm vm(String name, String host, double cores) {
        return new Vm(name, name, host, 1, 512, cores, null, null, null, null);
    }

    private static Vm grouped(String name, String host, String kind) {
        return new Vm(name, name, host, 1, 256, 0.1, "g", "group-g", kind, null);
    }

    private static List<String> moves(Proposal proposal) {
        return proposal.moves().stream().map(m -> m.vm().name() + ":" + m.from().name() + "->" + m.to().name())
                .toList();
    }

    @Test
    void powerSavingEmptiesTheLighterOfTwoLightlyLoadedHostsAndNamesIt() {
        Vm a = vm("a", "h1", 0.1);
        Vm b = vm("b", "h2", 0.2);
        Vm c = vm("c", "h2", 0.1);
        Proposal proposal = new Proposer(SAVING, List.of(host("h1", a), host("h2", b, c)), List.of(a, b, c))
                .propose();
        assertThat(moves(proposal)).containsExactly("a:h1->h2");
        assertThat(proposal.emptied()).containsExactly("h1");
        assertThat(proposal.moves().get(0).reason()).contains("power saving", "h1", "below 20%", "onto h2");
    }

    @Test
    void powerSavingLeavesHostsAboveTheLowThresholdAndWhatWouldCrossTheHighOne() {
        Vm busy = vm("busy", "h1", 1.0); // 25% of 4 cores
        Vm idle = vm("idle", "h2", 0.1);
        Proposal proposal = new Proposer(SAVING, List.of(host("h1", busy), host("h2", idle)), List.of(busy, idle))
                .propose();
        assertThat(moves(proposal)).containsExactly("idle:h2->h1");

        Vm heavy = vm("heavy", "h1", 0.7);
        Vm other = vm("other", "h2", 0.7); // 17.5% each; together 35%
        BalancingSettings tight = new BalancingSettings("POWER_SAVING", 30, 20, null, null)
                .over(BalancingSettings.DEFAULT);
        Proposal refused = new Proposer(tight, List.of(host("h1", heavy), host("h2", other)), List.of(heavy, other))
                .propose();
        assertThat(refused.moves()).isEmpty();
        assertThat(refused.emptied()).isEmpty();
        assertThat(String.join("\n", refused.notes())).contains("fits on no other busy host", "35% CPU", "high 30%");
    }

    @Test
    void powerSavingRespectsAntiAffinityAndCapacity() {
        Vm x = grouped("x", "h1", "anti-affinity");
        Vm y = grouped("y", "h2", "anti-affinity");
        Proposal proposal = new Proposer(SAVING, List.of(host("h1", x), host("h2", y)), List.of(x, y)).propose();
        assertThat(proposal.moves()).isEmpty();
        assertThat(String.join("\n", proposal.notes())).contains("anti-affinity group group-g has a member there");

        Vm big = new Vm("big", "big", "h1", 1, 4096, 0.1, null, null, null, null);
        Vm full = new Vm("full", "full", "h2", 1, 6000, 0.1, null, null, null, null);
        Host h1 = new Host("h1", "h1", 4, 100_000, 4.0, 1.0, 1, 4096);
        Host h2 = new Host("h2", "h2", 4, 100_000, 1.0, 0.1, 1, 6000); // 10000 MiB after overcommit, 4000 free
        Proposal noRoom = new Proposer(SAVING, List.of(h1, h2), List.of(big, full)).propose();
        assertThat(moves(noRoom)).doesNotContain("big:h1->h2");
        assertThat(String.join("\n", noRoom.notes())).contains("h2 for big: no room (capacity)");
    }

    @Test
    void affinityKeepsAnInstanceWithItsMembers() {
        Vm x = grouped("x", "h1", "affinity");
        Vm y = grouped("y", "h1", "affinity");
        Vm z = vm("z", "h2", 0.3);
        Proposal proposal = new Proposer(SAVING, List.of(host("h1", x, y), host("h2", z)), List.of(x, y, z))
                .propose();
        // h1 (5%) cannot be emptied: its members stay together; h2 moves onto h1 instead
        assertThat(moves(proposal)).containsExactly("z:h2->h1");
        assertThat(String.join("\n", proposal.notes())).contains("affinity group group-g keeps it with its members");
    }

    @Test
    void loadBalancingMovesTheSmallestSufficientInstanceToTheLeastLoadedHost() {
        Vm big = vm("big", "h1", 2.0); // 50%
        Vm mid = vm("mid", "h1", 1.2); // 30%
        Vm small = vm("small", "h1", 0.4); // 10%: enough alone (90% -> 80%, not above 80%)
        Vm far = vm("far", "h3", 2.0);
        Proposal proposal = new Proposer(SPREADING, List.of(host("h1", big, mid, small), host("h2"),
                host("h3", far)), List.of(big, mid, small, far)).propose();
        assertThat(moves(proposal)).containsExactly("small:h1->h2");
        Move move = proposal.moves().get(0);
        assertThat(move.reason()).contains("load balancing", "90% CPU", "above 80%", "h2 is the least loaded");
    }

    @Test
    void loadBalancingMovesSeveralWhenNoSingleMoveIsEnoughAndNeverOverloadsTheTarget() {
        Vm a = vm("a", "h1", 2.0);
        Vm b = vm("b", "h1", 2.0);
        Vm c = vm("c", "h1", 2.0); // 150% of h1: no single move brings it to 80%
        Vm d = vm("d", "h2", 2.4); // 60%
        Vm e = vm("e", "h3", 1.0); // 25%
        Proposal proposal = new Proposer(SPREADING, List.of(host("h1", a, b, c), host("h2", d), host("h3", e)),
                List.of(a, b, c, d, e)).propose();
        // h3 takes one (75%); h2 would reach 110%: the other stays and the note says h1 is still overloaded
        assertThat(moves(proposal)).containsExactly("a:h1->h3");
        assertThat(String.join("\n", proposal.notes())).contains("h1 is still above 80%");
    }

    @Test
    void loadBalancingBelowTheThresholdMovesNothingAndSaysSo() {
        Vm a = vm("a", "h1", 1.0);
        Proposal proposal = new Proposer(SPREADING, List.of(host("h1", a), host("h2")), List.of(a)).propose();
        assertThat(proposal.moves()).isEmpty();
        assertThat(proposal.notes()).containsExactly("no host is above the high threshold 80% (the most loaded, h1, "
                + "is at 25% CPU, 6% memory)");
    }

    @Test
    void pinnedInstancesStayAndAreNamed() {
        Vm pinned = new Vm("p", "p", "h1", 1, 512, 3.6, null, null, null, "task instance.snapshot runs on it");
        Proposal proposal = new Proposer(SPREADING, List.of(host("h1", pinned), host("h2")), List.of(pinned))
                .propose();
        assertThat(proposal.moves()).isEmpty();
        assertThat(String.join("\n", proposal.notes())).contains("h1 stays above 80%", "instance p cannot move: "
                + "task instance.snapshot runs on it");
    }

    @Test
    void settingsAreCheckedFieldByField() {
        assertThat(BalancingSettings.DEFAULT.policy()).isEqualTo("NONE");
        assertThat(new BalancingSettings(null, 90, null, 10, 3).over(BalancingSettings.DEFAULT))
                .isEqualTo(new BalancingSettings("NONE", 90, 20, 10, 3));
        assertThatThrownBy(() -> new BalancingSettings("SOMETIMES", null, null, null, null)
                .over(BalancingSettings.DEFAULT)).isInstanceOf(OvmException.class).hasMessageContaining(
                        "balancing.policy");
        assertThatThrownBy(() -> new BalancingSettings(null, 30, 40, null, null).over(BalancingSettings.DEFAULT))
                .hasMessageContaining("balancing.lowPercent");
        assertThatThrownBy(() -> new BalancingSettings(null, 101, null, null, null).over(BalancingSettings.DEFAULT))
                .hasMessageContaining("balancing.highPercent");
        assertThatThrownBy(() -> new BalancingSettings(null, null, null, null, 11).over(BalancingSettings.DEFAULT))
                .hasMessageContaining("balancing.maxMigrations");
        assertThatThrownBy(() -> new BalancingSettings(null, null, null, 0, null).over(BalancingSettings.DEFAULT))
                .hasMessageContaining("balancing.windowMinutes");
    }
}
