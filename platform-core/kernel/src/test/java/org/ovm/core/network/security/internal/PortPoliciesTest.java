package org.ovm.core.network.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.core.network.security.internal.SecurityFixture.ALICE;
import static org.ovm.core.network.security.internal.SecurityFixture.mac;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.network.security.SecurityGroupRequest;
import org.ovm.core.network.security.SecurityGroupRuleRequest;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/** Policies built from the inventory (remote groups resolved to members' addresses) and applied by tasks. */
class PortPoliciesTest {

    private final SecurityFixture fx = new SecurityFixture();
    private final SecurityGroupServiceImpl groups = fx.service;

    @AfterEach
    void close() throws InterruptedException {
        fx.close();
    }

    private String group(String name) {
        return groups.create(ALICE, new SecurityGroupRequest(name, null, null)).id();
    }

    private void rule(String group, String direction, String protocol, Integer port, String cidr, String remote) {
        groups.addRule(ALICE, group, new SecurityGroupRuleRequest(direction, protocol, port, null, cidr, remote));
    }

    private void join(String instance, String... groupIds) {
        assertThat(fx.finished(groups.setNicGroups(ALICE, instance, 0, List.of(groupIds))).state())
                .isEqualTo("SUCCEEDED");
    }

    private PortPolicy built(String ip) {
        return fx.db.tx().call(em -> PolicyBuilder.build(em, em.createQuery("SELECT a FROM IpAddressEntity a WHERE "
                + "a.address = ?1", org.ovm.core.internal.inventory.IpAddressEntity.class).setParameter(1, ip)
                .getSingleResult()));
    }

    @Test
    void remoteGroupsBecomeTheAddressesOfTheirMembers() {
        String web = group("web");
        String db = group("db");
        rule(web, "ingress", "tcp", 443, null, null);
        rule(web, "ingress", "tcp", 443, "10.9.0.0/16", null);
        rule(db, "ingress", "tcp", 5432, null, web);
        rule(db, "egress", "udp", 53, "10.0.0.1/32", null);
        String a = fx.instance("a", "vdc-a", "10.0.0.12", "RUNNING");
        String b = fx.instance("b", "vdc-a", "10.0.0.3", "STOPPED");
        String c = fx.instance("c", "vdc-a", "10.0.0.4", "RUNNING");
        String gone = fx.instance("gone", "vdc-a", "10.0.0.5", "RUNNING");
        fx.instance("plain", "vdc-a", "10.0.0.6", "RUNNING");
        join(a, web);
        join(b, web);
        join(gone, web);
        fx.sql("UPDATE INSTANCES SET STATE = 'DELETING' WHERE ID = ?", gone);
        join(c, db);

        assertThat(built("10.0.0.4")).isEqualTo(new PortPolicy(mac("10.0.0.4"), "10.0.0.4", true,
                List.of(new PortRule("tcp", 5432, 5432, "10.0.0.3/32"), new PortRule("tcp", 5432, 5432, "10.0.0.12/32")),
                List.of(new PortRule("udp", 53, 53, "10.0.0.1/32"))));
        assertThat(built("10.0.0.12")).isEqualTo(new PortPolicy(mac("10.0.0.12"), "10.0.0.12", true,
                List.of(new PortRule("tcp", 443, 443, "0.0.0.0/0"), new PortRule("tcp", 443, 443, "10.9.0.0/16")),
                List.of()));
        assertThat(built("10.0.0.6")).as("in no group: anti-spoofing only")
                .isEqualTo(new PortPolicy(mac("10.0.0.6"), "10.0.0.6", false, List.of(), List.of()));

        // the PUT's task applied c's policy with both web members, and refreshed nothing else
        assertThat(fx.driver.applied.get(mac("10.0.0.4")).ingress()).hasSize(2);
        // a rule change re-applies the group's NICs by a task on the group
        rule(db, "ingress", "icmp", null, null, null);
        assertThat(fx.lastTaskState(db)).isEqualTo("SUCCEEDED");
        assertThat(fx.driver.applied.get(mac("10.0.0.4")).ingress()).contains(new PortRule("icmp", 0, 0,
                "0.0.0.0/0"));
        // a NIC leaving web drops out of db's rules: the membership task refreshes the NICs naming web
        join(b);
        assertThat(fx.driver.applied.get(mac("10.0.0.3")).filtered()).isFalse();
        assertThat(fx.driver.applied.get(mac("10.0.0.4")).ingress()).extracting(PortRule::remoteCidr)
                .containsExactly("0.0.0.0/0", "10.0.0.12/32");
    }

    @Test
    void theNicStepsHooksApplyOnPlugAndRemoveOnUnplug() throws Exception {
        String web = group("web");
        String db = group("db");
        rule(db, "ingress", "tcp", 5432, null, web);
        String c = fx.instance("c", "vdc-a", "10.0.0.4", "RUNNING");
        join(c, db);
        String a = fx.instance("a", "vdc-a", "10.0.0.2", "CREATING");
        fx.sql("INSERT INTO NIC_SECURITY_GROUPS (ID, INSTANCE_ID, NIC_INDEX, GROUP_ID) VALUES ('m1', ?, 0, ?)", a, web);
        OperationContext op = new OperationContext("t1", java.time.Instant.now().plusSeconds(60), "alice",
                fx.executor);
        var address = fx.db.tx().call(em -> org.ovm.core.network.internal.AddressClaims.of(em, a).get(0));
        var network = fx.db.tx().call(em -> em.find(org.ovm.core.internal.inventory.NetworkEntity.class, "n1"));
        fx.policies.plugged(op, org.ovm.core.network.internal.Realizations.spec(network, null),
                new org.ovm.spi.network.NetworkTarget(new org.ovm.spi.common.HostEndpoint("h1", "fake://h1", null, null,
                        java.util.Map.of()), "fake", SecurityFixture.hypervisor()),
                address).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(fx.driver.applied.get(mac("10.0.0.2")).filtered()).isTrue();
        // c's rules name web: c learned a's address
        assertThat(fx.driver.applied.get(mac("10.0.0.4")).ingress()).extracting(PortRule::remoteCidr)
                .containsExactly("10.0.0.2/32");

        // delete: a's policy is removed and c forgets a's address
        fx.sql("UPDATE INSTANCES SET STATE = 'DELETING' WHERE ID = ?", a);
        InstanceEntity instance = fx.db.tx().call(em -> em.find(InstanceEntity.class, a));
        fx.policies.unplugged(op, instance, false).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(fx.driver.removed).containsExactly(mac("10.0.0.2"));
        assertThat(fx.driver.applied.get(mac("10.0.0.4")).ingress()).isEmpty();
    }

    @Test
    void aDriverThatCannotFilterFailsTheChangeButNotAnUnfilteredNic() {
        String web = group("web");
        String a = fx.instance("a", "vdc-a", "10.0.0.2", "RUNNING");
        fx.driver.refuse = true;
        var failed = fx.finished(groups.setNicGroups(ALICE, a, 0, List.of(web)));
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.error()).contains("NIC 0 of instance a", "hosts of type fake cannot filter NICs");
        assertThat(fx.finished(groups.setNicGroups(ALICE, a, 0, List.of())).state()).as("anti-spoofing only")
                .isEqualTo("SUCCEEDED");
        // a network whose driver does not enforce groups: its NICs cannot be in one
        fx.driver.refuse = false;
        fx.sql("UPDATE NETWORKS SET TYPE = 'other'");
        fx.targets.clear();
        var unenforced = fx.finished(groups.setNicGroups(ALICE, a, 0, List.of(web)));
        assertThat(unenforced.state()).isEqualTo("FAILED");
        assertThat(unenforced.error()).contains("network lan (other) has no driver installed");
        assertThat(fx.targets).as("no host was asked").isEmpty();
    }
}
