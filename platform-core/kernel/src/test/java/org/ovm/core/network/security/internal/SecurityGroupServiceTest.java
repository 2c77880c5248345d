package org.ovm.core.network.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ovm.core.network.security.internal.SecurityFixture.ADMIN;
import static org.ovm.core.network.security.internal.SecurityFixture.ALICE;
import static org.ovm.core.network.security.internal.SecurityFixture.BOB;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.network.NicRequest;
import org.ovm.core.network.security.SecurityGroupPatch;
import org.ovm.core.network.security.SecurityGroupRequest;
import org.ovm.core.network.security.SecurityGroupRuleRequest;
import org.ovm.core.network.security.SecurityGroupView;

/** Ownership, names, rules, membership and the 409s of security groups, on the real inventory. */
class SecurityGroupServiceTest {

    private final SecurityFixture fx = new SecurityFixture();
    private final SecurityGroupServiceImpl groups = fx.service;

    @AfterEach
    void close() throws InterruptedException {
        fx.close();
    }

    private static void refused(Runnable call, OvmError error, String field, String words) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.error()).as(e.getMessage()).isEqualTo(error);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(words);
        });
    }

    private String create(Caller caller, String name, String vdc) {
        return groups.create(caller, new SecurityGroupRequest(name, vdc, null)).id();
    }

    private List<String> topics() {
        return fx.db.tx().call(em -> em.createQuery("SELECT CONCAT(CONCAT(e.topic, ' by '), e.caller) FROM EventEntity "
                + "e ORDER BY e.occurredAt, e.id", String.class).getResultList());
    }

    @Test
    void usersActInTheirOwnVdcAndAdminsNameOne() {
        SecurityGroupView web = groups.create(ALICE, new SecurityGroupRequest("web", null, "front ends"));
        assertThat(web.vdcId()).isEqualTo("vdc-a");
        assertThat(web.description()).isEqualTo("front ends");
        refused(() -> create(ALICE, "x", "vdc-b"), OvmError.FORBIDDEN, null, "your own VDC");
        refused(() -> create(ADMIN, "x", null), OvmError.INVALID_INPUT, "vdcId", "vdcId is required");
        refused(() -> create(ADMIN, "x", "nope"), OvmError.INVALID_INPUT, "vdcId", "does not exist");
        refused(() -> create(ALICE, "no spaces", null), OvmError.INVALID_INPUT, "name", "invalid");
        refused(() -> create(ALICE, "web", null), OvmError.CONFLICT, "name", "already exists");
        String bobs = create(BOB, "web", null);
        assertThat(create(ADMIN, "db", "vdc-b")).isNotBlank();

        // another VDC's group does not exist for a user, in every call
        refused(() -> groups.get(ALICE, bobs), OvmError.NOT_FOUND, null, "does not exist");
        refused(() -> groups.update(ALICE, bobs, new SecurityGroupPatch("y", null)), OvmError.NOT_FOUND, null, "");
        refused(() -> groups.delete(ALICE, bobs), OvmError.NOT_FOUND, null, "");
        refused(() -> groups.addRule(ALICE, bobs, new SecurityGroupRuleRequest("ingress", "tcp", 22, null, null,
                null)), OvmError.NOT_FOUND, null, "");
        assertThat(groups.list(ALICE, Filters.NONE, new PageRequest(100, 0)).items()).extracting(g -> g.name())
                .containsExactly("web");
        assertThat(groups.list(BOB, Filters.NONE, new PageRequest(100, 0)).items()).extracting(g -> g.name())
                .containsExactly("db", "web");
        assertThat(groups.list(ADMIN, new Filters(Map.of("vdcId", "vdc-b")), new PageRequest(100, 0, "-name"))
                .items()).extracting(g -> g.name()).containsExactly("web", "db");
        assertThat(groups.list(ADMIN, new Filters(Map.of(), "DB"), new PageRequest(100, 0)).total()).isEqualTo(1);
        refused(() -> groups.list(ADMIN, new Filters(Map.of("kind", "x")), new PageRequest(100, 0)),
                OvmError.INVALID_INPUT, "kind", "unknown filter");
        Caller nobody = new Caller("carol", Role.USER, null, "u-carol");
        assertThat(groups.list(nobody, Filters.NONE, new PageRequest(100, 0)).total()).isZero();
        refused(() -> create(nobody, "x", null), OvmError.FORBIDDEN, null, "own VDC");

        // rename within the VDC; names are unique per VDC only
        create(ALICE, "db", null);
        refused(() -> groups.update(ALICE, web.id(), new SecurityGroupPatch("db", null)), OvmError.CONFLICT, "name",
                "already exists");
        SecurityGroupView renamed = groups.update(ALICE, web.id(), new SecurityGroupPatch("frontend", ""));
        assertThat(renamed.name()).isEqualTo("frontend");
        assertThat(renamed.description()).isNull();
        assertThat(topics()).contains("security-group/created by alice", "security-group/created by root",
                "security-group/updated by alice");
    }

    @Test
    void rulesAreCheckedAgainstTheGroupsVdc() {
        String web = create(ALICE, "web", null);
        String db = create(ALICE, "db", null);
        String bobs = create(BOB, "web", null);
        var rule = groups.addRule(ALICE, db, new SecurityGroupRuleRequest("ingress", "tcp", 5432, null, null, web));
        assertThat(rule.remoteGroupId()).isEqualTo(web);
        assertThat(rule.remoteCidr()).isNull();
        assertThat(rule.portMax()).isEqualTo(5432);
        refused(() -> groups.addRule(ALICE, db, new SecurityGroupRuleRequest("ingress", "tcp", 5432, 5432, null, web)),
                OvmError.CONFLICT, null, "has this rule already");
        // another VDC's group is unknown to a user, and of the wrong VDC for an admin
        refused(() -> groups.addRule(ALICE, db, new SecurityGroupRuleRequest("ingress", "tcp", 1, null, null, bobs)),
                OvmError.INVALID_INPUT, "remoteGroupId", "does not exist");
        refused(() -> groups.addRule(ADMIN, db, new SecurityGroupRuleRequest("ingress", "tcp", 1, null, null, bobs)),
                OvmError.INVALID_INPUT, "remoteGroupId", "another VDC");
        refused(() -> groups.addRule(ALICE, db, new SecurityGroupRuleRequest("ingress", "tcp", 1, null, null, "nope")),
                OvmError.INVALID_INPUT, "remoteGroupId", "does not exist");
        refused(() -> groups.addRule(ALICE, db, new SecurityGroupRuleRequest("ingress", "tcp", 0, null, null, null)),
                OvmError.INVALID_INPUT, "portMin", "between 1 and 65535");
        var self = groups.addRule(ALICE, web, new SecurityGroupRuleRequest("ingress", "any", null, null, null, web));
        assertThat(groups.get(ALICE, web).rules()).containsExactly(self);

        // a group other groups' rules name cannot go; one that names itself can
        refused(() -> groups.delete(ALICE, web), OvmError.CONFLICT, null, "remote group of rules of db");
        refused(() -> groups.removeRule(ALICE, web, rule.id()), OvmError.NOT_FOUND, null, "rule");
        groups.removeRule(ALICE, db, rule.id());
        groups.delete(ALICE, web);
        refused(() -> groups.get(ALICE, web), OvmError.NOT_FOUND, null, "");
        long rules = fx.db.tx().call(em -> em.createQuery("SELECT COUNT(r) FROM SecurityGroupRuleEntity r",
                Long.class).getSingleResult());
        assertThat(rules).isZero();
        assertThat(topics()).contains("security-group/rule-added by alice", "security-group/rule-removed by alice",
                "security-group/deleted by alice");
        // no NIC in those groups: nothing to apply
        assertThat(fx.lastTaskState(db)).isNull();
    }

    @Test
    void nicsJoinAtCreateAndByPutAndAGroupInUseIsNotDeleted() {
        String web = create(ALICE, "web", null);
        String bobs = create(BOB, "web", null);
        // checked before anything is claimed: groups of the instance's VDC only
        fx.db.tx().run(em -> NicMemberships.check(em, "vdc-a", List.of(new NicRequest("n1", null, List.of(web)))));
        assertThatThrownBy(() -> fx.db.tx().run(em -> NicMemberships.check(em, "vdc-a", List.of(new NicRequest("n1",
                null), new NicRequest("n1", null, List.of(bobs)))))).isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.field()).isEqualTo("nics.securityGroupIds");
                    assertThat(e.getMessage()).contains("of NIC 1 does not exist in the instance's VDC");
                });
        assertThatThrownBy(() -> fx.db.tx().run(em -> NicMemberships.check(em, null, List.of(new NicRequest("n1", null,
                List.of(web)))))).hasMessageContaining("give vdcId");

        String vm = fx.instance("vm1", "vdc-a", "10.0.0.2", "CREATING");
        fx.db.tx().run(em -> NicMemberships.join(em, vm, List.of(new NicRequest("n1", null, List.of(web, web)))));
        assertThat(groups.get(ALICE, web).members()).singleElement().satisfies(m -> {
            assertThat(m.instanceName()).isEqualTo("vm1");
            assertThat(m.nicIndex()).isZero();
        });
        refused(() -> groups.delete(ALICE, web), OvmError.CONFLICT, null, "NICs of 1 instance(s) in it: vm1");

        // PUT: 404 for another VDC's instance or a NIC it lacks, 400 for another VDC's group
        refused(() -> groups.setNicGroups(BOB, vm, 0, List.of()), OvmError.NOT_FOUND, null, "instance");
        refused(() -> groups.setNicGroups(ALICE, vm, 3, List.of()), OvmError.NOT_FOUND, null, "has no NIC 3");
        refused(() -> groups.setNicGroups(ALICE, vm, 0, List.of(bobs)), OvmError.INVALID_INPUT, "securityGroupIds",
                "does not exist");
        refused(() -> groups.setNicGroups(ALICE, vm, 0, null), OvmError.INVALID_INPUT, "securityGroupIds", "required");
        var task = fx.finished(groups.setNicGroups(ALICE, vm, 0, List.of()));
        assertThat(task.operation()).isEqualTo("instance.nic-security-groups");
        assertThat(task.resourceType()).isEqualTo("instance");
        assertThat(task.state()).isEqualTo("SUCCEEDED");
        assertThat(groups.get(ALICE, web).members()).isEmpty();
        groups.delete(ALICE, web);
        assertThat(topics()).contains("instance/nic-security-groups by alice");

        // the memberships go with the instance
        String db = create(ALICE, "db", null);
        fx.finished(groups.setNicGroups(ADMIN, vm, 0, List.of(db)));
        fx.sql("DELETE FROM IP_ADDRESSES");
        fx.sql("DELETE FROM INSTANCES");
        assertThat(groups.get(ALICE, db).members()).isEmpty();
        groups.delete(ALICE, db);
    }

    @Test
    void aVdcWithGroupsIsNotDeleted() {
        create(ALICE, "web", null);
        var vdcs = new org.ovm.core.quota.internal.VdcServiceImpl(fx.db.tx(), fx.events);
        assertThatThrownBy(() -> vdcs.delete(ADMIN, "vdc-a")).hasMessage(
                "VDC 'team-a' still owns 1 security group: delete it first");
    }
}
