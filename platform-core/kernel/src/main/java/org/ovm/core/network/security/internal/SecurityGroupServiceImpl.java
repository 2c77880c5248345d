package org.ovm.core.network.security.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.SecurityGroupEntity;
import org.ovm.core.internal.inventory.SecurityGroupRuleEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.security.SecurityGroupPatch;
import org.ovm.core.network.security.SecurityGroupRequest;
import org.ovm.core.network.security.SecurityGroupRuleRequest;
import org.ovm.core.network.security.SecurityGroupRuleView;
import org.ovm.core.network.security.SecurityGroupService;
import org.ovm.core.network.security.SecurityGroupView;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;

/**
 * Security groups of VDCs: checked and stored here; a change of rules or members also writes the
 * task that applies it (in the same transaction) and starts it once that commits.
 */
public final class SecurityGroupServiceImpl implements SecurityGroupService {

    /** The most rules one group has. */
    static final int MAX_RULES = 100;
    private static final Map<String, String> FILTERS = Map.of("name", "name", "vdcId", "vdcId");

    private final Tx tx;
    private final TaskEngine engine;
    private final EventPublisher events;

    public SecurityGroupServiceImpl(Tx tx, TaskEngine engine, EventPublisher events) {
        this.tx = tx;
        this.engine = engine;
        this.events = events;
    }

    @Override
    public Page<SecurityGroupView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> {
            Page<SecurityGroupEntity> rows = Lists.page(em, SecurityGroupEntity.class, FILTERS, filters, fixed, "name",
                    page, g -> g);
            return new Page<>(SecurityGroupViews.of(em, rows.items()), rows.total());
        });
    }

    @Override
    public SecurityGroupView get(Caller caller, String id) {
        return tx.call(em -> SecurityGroupViews.of(em, visible(em, caller, id)));
    }

    @Override
    public SecurityGroupView create(Caller caller, SecurityGroupRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name (and vdcId, for admins) is required");
        }
        String name = Ids.requireName("name", request.name());
        Checks.requireText("description", request.description(), Checks.MAX_DESCRIPTION);
        String vdcId = owner(caller, request.vdcId());
        SecurityGroupView created = tx.call(em -> {
            // locks the VDC's row as a quota claim does: a concurrent VDC delete sees this group, or this
            // create sees the VDC gone; creates of one VDC's groups take turns, so names stay unique
            if (em.createNativeQuery("UPDATE VDCS SET NAME = NAME WHERE ID = ?").setParameter(1, vdcId)
                    .executeUpdate() == 0) {
                throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
            }
            requireUnusedName(em, vdcId, name);
            SecurityGroupEntity group = new SecurityGroupEntity();
            group.setId(Ids.newId());
            group.setName(name);
            group.setVdcId(vdcId);
            group.setDescription(request.description() == null || request.description().isEmpty() ? null
                    : request.description());
            group.setCreatedAt(Times.now());
            em.persist(group);
            return SecurityGroupViews.of(em, group);
        });
        events.publish(caller, "security-group/created", created.id(), vdcId, "security group " + name + " created");
        return created;
    }

    /** The VDC a caller creates a group in: admins name it, everyone else gets their own. */
    private static String owner(Caller caller, String requested) {
        if (caller.isAdmin()) {
            if (requested == null || requested.isBlank()) {
                throw OvmException.invalid("vdcId", "vdcId is required: the VDC whose NICs the group is for");
            }
            return requested;
        }
        if (caller.vdcId() == null || (requested != null && !requested.equals(caller.vdcId()))) {
            throw OvmException.forbidden("you can only create security groups in your own VDC");
        }
        return caller.vdcId();
    }

    @Override
    public SecurityGroupView update(Caller caller, String id, SecurityGroupPatch patch) {
        if (patch == null) {
            throw OvmException.invalid(null, "a JSON body with name or description is required");
        }
        String name = patch.name() == null ? null : Ids.requireName("name", patch.name());
        Checks.requireText("description", patch.description(), Checks.MAX_DESCRIPTION);
        List<String> changes = new ArrayList<>();
        SecurityGroupView updated = tx.call(em -> {
            SecurityGroupEntity group = visible(em, caller, id);
            lock(em, List.of(id));
            em.refresh(group);
            if (name != null && !name.equals(group.getName())) {
                requireUnusedName(em, group.getVdcId(), name);
                changes.add("name " + group.getName() + " -> " + name);
                group.setName(name);
            }
            if (patch.description() != null && !patch.description().equals(Objects.toString(group.getDescription(),
                    ""))) {
                changes.add("description changed");
                group.setDescription(patch.description().isEmpty() ? null : patch.description());
            }
            return SecurityGroupViews.of(em, group);
        });
        if (!changes.isEmpty()) {
            events.publish(caller, "security-group/updated", id, updated.vdcId(), "security group " + updated.name()
                    + " updated: " + String.join(", ", changes));
        }
        return updated;
    }

    @Override
    public void delete(Caller caller, String id) {
        SecurityGroupEntity deleted = tx.call(em -> {
            SecurityGroupEntity group = visible(em, caller, id);
            // members and rules naming it are added under this lock too
            lock(em, List.of(id));
            List<String> instances = em.createQuery("SELECT DISTINCT i.name FROM NicSecurityGroupEntity m, "
                    + "InstanceEntity i WHERE m.groupId = ?1 AND i.id = m.instanceId ORDER BY i.name", String.class)
                    .setParameter(1, id).getResultList();
            if (!instances.isEmpty()) {
                throw OvmException.conflict(null, "security group " + group.getName() + " still has NICs of "
                        + instances.size() + " instance(s) in it: " + String.join(", ", instances) + "; take them "
                        + "out first (PUT /instances/{id}/nics/{index}/security-groups) or delete the instances");
            }
            List<String> referencing = em.createQuery("SELECT DISTINCT g.name FROM SecurityGroupRuleEntity r, "
                    + "SecurityGroupEntity g WHERE r.remoteGroupId = ?1 AND r.groupId <> ?1 AND g.id = r.groupId "
                    + "ORDER BY g.name", String.class).setParameter(1, id).getResultList();
            if (!referencing.isEmpty()) {
                throw OvmException.conflict(null, "security group " + group.getName() + " is the remote group of "
                        + "rules of " + String.join(", ", referencing) + "; remove those rules first");
            }
            em.createQuery("DELETE FROM SecurityGroupRuleEntity r WHERE r.groupId = ?1").setParameter(1, id)
                    .executeUpdate();
            em.remove(group);
            return group;
        });
        events.publish(caller, "security-group/deleted", id, deleted.getVdcId(), "security group "
                + deleted.getName() + " deleted");
    }

    @Override
    public SecurityGroupRuleView addRule(Caller caller, String groupId, SecurityGroupRuleRequest request) {
        tx.call(em -> visible(em, caller, groupId));
        RuleChecks.Checked rule = RuleChecks.check(request);
        Object[] done = tx.call(em -> {
            lock(em, rule.remoteGroupId() == null ? List.of(groupId) : List.of(groupId, rule.remoteGroupId()));
            SecurityGroupEntity group = visible(em, caller, groupId);
            em.refresh(group);
            if (rule.remoteGroupId() != null) {
                SecurityGroupEntity remote = em.find(SecurityGroupEntity.class, rule.remoteGroupId());
                if (remote == null || !caller.canSee(remote.getVdcId())) {
                    throw OvmException.invalid("remoteGroupId", "security group " + rule.remoteGroupId()
                            + " does not exist");
                }
                if (!remote.getVdcId().equals(group.getVdcId())) {
                    throw OvmException.invalid("remoteGroupId", "the remote group " + remote.getName()
                            + " belongs to another VDC than " + group.getName());
                }
            }
            List<SecurityGroupRuleEntity> rules = SecurityGroupViews.rules(em, List.of(groupId));
            if (rules.size() >= MAX_RULES) {
                throw OvmException.conflict(null, "security group " + group.getName() + " has " + MAX_RULES
                        + " rules, the most a group has");
            }
            for (SecurityGroupRuleEntity existing : rules) {
                if (RuleText.same(existing, rule)) {
                    throw OvmException.conflict(null, "security group " + group.getName() + " has this rule "
                            + "already: " + existing.getId());
                }
            }
            SecurityGroupRuleEntity row = new SecurityGroupRuleEntity();
            row.setId(Ids.newId());
            row.setGroupId(groupId);
            row.setDirection(rule.direction());
            row.setProtocol(rule.protocol());
            row.setPortMin(rule.portMin());
            row.setPortMax(rule.portMax());
            row.setRemoteCidr(rule.remoteCidr());
            row.setRemoteGroupId(rule.remoteGroupId());
            row.setCreatedAt(Times.now());
            em.persist(row);
            return new Object[] {group, row, applyTask(em, caller, group)};
        });
        SecurityGroupEntity group = (SecurityGroupEntity) done[0];
        SecurityGroupRuleEntity row = (SecurityGroupRuleEntity) done[1];
        events.publish(caller, "security-group/rule-added", groupId, group.getVdcId(), "security group "
                + group.getName() + ": rule " + row.getId() + " added (" + RuleText.of(row) + ")");
        start((TaskEntity) done[2]);
        return SecurityGroupViews.rule(row);
    }

    @Override
    public void removeRule(Caller caller, String groupId, String ruleId) {
        Object[] done = tx.call(em -> {
            SecurityGroupEntity group = visible(em, caller, groupId);
            lock(em, List.of(groupId));
            SecurityGroupRuleEntity rule = em.find(SecurityGroupRuleEntity.class, ruleId);
            if (rule == null || !groupId.equals(rule.getGroupId())) {
                throw OvmException.notFound("rule", ruleId);
            }
            em.remove(rule);
            return new Object[] {group, rule, applyTask(em, caller, group)};
        });
        SecurityGroupEntity group = (SecurityGroupEntity) done[0];
        SecurityGroupRuleEntity rule = (SecurityGroupRuleEntity) done[1];
        events.publish(caller, "security-group/rule-removed", groupId, group.getVdcId(), "security group "
                + group.getName() + ": rule " + ruleId + " removed (" + RuleText.of(rule) + ")");
        start((TaskEntity) done[2]);
    }

    @Override
    public TaskView setNicGroups(Caller caller, String instanceId, int nicIndex, List<String> groupIds) {
        if (groupIds == null) {
            throw OvmException.invalid("securityGroupIds", "securityGroupIds is required (an empty list takes the "
                    + "NIC out of every group)");
        }
        Object[] done = tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, instanceId);
            if (instance == null || !caller.canSee(instance.getVdcId())) {
                throw OvmException.notFound("instance", instanceId);
            }
            if (em.createQuery("SELECT a.id FROM IpAddressEntity a WHERE a.instanceId = ?1 AND a.nicIndex = ?2")
                    .setParameter(1, instanceId).setParameter(2, nicIndex).getResultList().isEmpty()) {
                throw new OvmException(OvmError.NOT_FOUND, "instance " + instance.getName() + " has no NIC "
                        + nicIndex);
            }
            List<String> wanted = NicMemberships.checkGroups(em, instance.getVdcId(), "securityGroupIds",
                    "NIC " + nicIndex, groupIds);
            lock(em, wanted);
            // checked again under the locks: a group deleted meanwhile is gone now
            NicMemberships.checkGroups(em, instance.getVdcId(), "securityGroupIds", "NIC " + nicIndex, wanted);
            em.refresh(instance);
            if (instance.getState() == InstanceState.DELETING) {
                throw OvmException.conflict(null, "instance " + instance.getName() + " is being deleted");
            }
            List<String> before = NicMemberships.replace(em, instanceId, nicIndex, wanted);
            Set<String> touched = new TreeSet<>(before);
            touched.addAll(wanted);
            TaskEntity task = engine.create(em, PolicyOperations.NIC_GROUPS, instanceId, caller, instance.getVdcId(),
                    new PolicyOperations.NicParams(nicIndex, String.join(",", touched)));
            return new Object[] {instance, before, wanted, task};
        });
        InstanceEntity instance = (InstanceEntity) done[0];
        @SuppressWarnings("unchecked")
        List<String> before = (List<String>) done[1];
        @SuppressWarnings("unchecked")
        List<String> after = (List<String>) done[2];
        events.publish(caller, "instance/nic-security-groups", instanceId, instance.getVdcId(), "NIC " + nicIndex
                + " of instance " + instance.getName() + " is in security groups " + after + " (was " + before + ")");
        TaskEntity task = (TaskEntity) done[3];
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /** The task applying a group's rules to its NICs, when it has any; null otherwise. */
    private TaskEntity applyTask(EntityManager em, Caller caller, SecurityGroupEntity group) {
        if (NicMemberships.membersOf(em, List.of(group.getId())).isEmpty()) {
            return null;
        }
        return engine.create(em, PolicyOperations.APPLY_GROUP, group.getId(), caller, group.getVdcId(),
                new PolicyOperations.GroupParams(group.getName()));
    }

    private void start(TaskEntity task) {
        if (task != null) {
            engine.start(task);
        }
    }

    /**
     * Locks groups' rows, in id order so that two changes never wait for each other; a group that
     * does not exist is skipped (the checks that follow report it).
     */
    static void lock(EntityManager em, List<String> groupIds) {
        for (String id : new TreeSet<>(groupIds)) {
            em.createNativeQuery("UPDATE SECURITY_GROUPS SET NAME = NAME WHERE ID = ?").setParameter(1, id)
                    .executeUpdate();
        }
    }

    private static void requireUnusedName(EntityManager em, String vdcId, String name) {
        if (!em.createQuery("SELECT g.id FROM SecurityGroupEntity g WHERE g.vdcId = ?1 AND g.name = ?2")
                .setParameter(1, vdcId).setParameter(2, name).getResultList().isEmpty()) {
            throw OvmException.conflict("name", "security group '" + name + "' already exists in this VDC");
        }
    }

    private static SecurityGroupEntity visible(EntityManager em, Caller caller, String id) {
        SecurityGroupEntity group = id == null ? null : em.find(SecurityGroupEntity.class, id);
        if (group == null || !caller.canSee(group.getVdcId())) {
            throw OvmException.notFound("security group", id);
        }
        return group;
    }
}
