package org.ovm.core.network.security.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NicSecurityGroupEntity;
import org.ovm.core.internal.inventory.SecurityGroupEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.network.NicRequest;

/**
 * Which security groups the NICs of instances are in: checked and written at instance create (in
 * its transaction, before anything is claimed), replaced by a membership change, read for views.
 * An instance's rows go with its row (the database cascades the delete).
 */
public final class NicMemberships {

    /** The most groups one NIC is in. */
    public static final int MAX_GROUPS_PER_NIC = 16;

    private NicMemberships() {
    }

    /** A NIC of an instance. */
    public record Nic(String instanceId, int index) {
    }

    /** The key of a NIC in the maps of {@link #groups}. */
    public static String key(IpAddressEntity address) {
        return key(address.getInstanceId(), address.getNicIndex());
    }

    static String key(String instanceId, int nicIndex) {
        return instanceId + "#" + nicIndex;
    }

    /** The groups of the NICs of some instances (one query), by {@link #key}, each list sorted. */
    public static Map<String, List<String>> groups(EntityManager em, List<String> instanceIds) {
        Map<String, List<String>> groups = new HashMap<>();
        if (instanceIds.isEmpty()) {
            return groups;
        }
        for (NicSecurityGroupEntity m : em.createQuery("SELECT m FROM NicSecurityGroupEntity m WHERE m.instanceId "
                + "IN :ids ORDER BY m.groupId", NicSecurityGroupEntity.class).setParameter("ids", instanceIds)
                .getResultList()) {
            groups.computeIfAbsent(key(m.getInstanceId(), m.getNicIndex()), k -> new ArrayList<>()).add(m.getGroupId());
        }
        return groups;
    }

    /** The groups of one NIC, sorted. */
    public static List<String> of(EntityManager em, String instanceId, int nicIndex) {
        return em.createQuery("SELECT m.groupId FROM NicSecurityGroupEntity m WHERE m.instanceId = ?1 AND "
                + "m.nicIndex = ?2 ORDER BY m.groupId", String.class).setParameter(1, instanceId)
                .setParameter(2, nicIndex).getResultList();
    }

    /**
     * Checks the groups the NICs of an instance create ask for: each exists and belongs to the
     * instance's VDC {@code vdcId} (a group of another VDC is reported as not existing, so the answer
     * tells nothing about other VDCs). 400 naming {@code nics.securityGroupIds} otherwise.
     */
    public static void check(EntityManager em, String vdcId, List<NicRequest> nics) {
        if (nics == null) {
            return;
        }
        for (int i = 0; i < nics.size(); i++) {
            NicRequest nic = nics.get(i);
            if (nic != null) {
                checkGroups(em, vdcId, "nics.securityGroupIds", "NIC " + i, nic.securityGroupIds());
            }
        }
    }

    /** Checks a NIC's groups (see {@link #check}); the distinct ids in order. */
    static List<String> checkGroups(EntityManager em, String vdcId, String field, String nic, List<String> groupIds) {
        if (groupIds == null || groupIds.isEmpty()) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : groupIds) {
            if (id == null || id.isBlank()) {
                throw OvmException.invalid(field, "security group ids must not be empty");
            }
            distinct.add(id);
        }
        if (distinct.size() > MAX_GROUPS_PER_NIC) {
            throw OvmException.invalid(field, "a NIC is in at most " + MAX_GROUPS_PER_NIC + " security groups, "
                    + nic + " asks for " + distinct.size());
        }
        if (vdcId == null) {
            throw OvmException.invalid(field, "only an instance of a VDC can have its NICs in security groups: give "
                    + "vdcId");
        }
        for (String id : distinct) {
            SecurityGroupEntity group = em.find(SecurityGroupEntity.class, id);
            if (group == null || !vdcId.equals(group.getVdcId())) {
                throw OvmException.invalid(field, "security group " + id + " of " + nic + " does not exist in the "
                        + "instance's VDC");
            }
        }
        return List.copyOf(distinct);
    }

    /**
     * Writes the memberships an instance create asked for, in its transaction, after the instance
     * row (which the rows reference) has been persisted.
     */
    public static void join(EntityManager em, String instanceId, List<NicRequest> nics) {
        if (nics == null || nics.stream().allMatch(n -> n == null || n.securityGroupIds() == null
                || n.securityGroupIds().isEmpty())) {
            return;
        }
        // the instance row first: the memberships reference it
        em.flush();
        for (int i = 0; i < nics.size(); i++) {
            if (nics.get(i).securityGroupIds() != null) {
                add(em, instanceId, i, new LinkedHashSet<>(nics.get(i).securityGroupIds()));
            }
        }
    }

    /** Puts a NIC in exactly {@code groupIds}; returns the groups it was in before. */
    static List<String> replace(EntityManager em, String instanceId, int nicIndex, Collection<String> groupIds) {
        List<String> before = of(em, instanceId, nicIndex);
        em.createQuery("DELETE FROM NicSecurityGroupEntity m WHERE m.instanceId = ?1 AND m.nicIndex = ?2")
                .setParameter(1, instanceId).setParameter(2, nicIndex).executeUpdate();
        add(em, instanceId, nicIndex, groupIds);
        return before;
    }

    private static void add(EntityManager em, String instanceId, int nicIndex, Collection<String> groupIds) {
        for (String groupId : groupIds) {
            NicSecurityGroupEntity row = new NicSecurityGroupEntity();
            row.setId(Ids.newId());
            row.setInstanceId(instanceId);
            row.setNicIndex(nicIndex);
            row.setGroupId(groupId);
            em.persist(row);
        }
    }

    /** The NICs in any of {@code groupIds}. */
    static Set<Nic> membersOf(EntityManager em, Collection<String> groupIds) {
        Set<Nic> nics = new LinkedHashSet<>();
        if (!groupIds.isEmpty()) {
            for (Object[] row : em.createQuery("SELECT m.instanceId, m.nicIndex FROM NicSecurityGroupEntity m WHERE "
                    + "m.groupId IN :ids ORDER BY m.instanceId, m.nicIndex", Object[].class)
                    .setParameter("ids", List.copyOf(groupIds)).getResultList()) {
                nics.add(new Nic((String) row[0], ((Number) row[1]).intValue()));
            }
        }
        return nics;
    }

    /** The groups with a rule whose remote group is one of {@code groupIds}. */
    static Set<String> referencing(EntityManager em, Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(em.createQuery("SELECT DISTINCT r.groupId FROM SecurityGroupRuleEntity r WHERE "
                + "r.remoteGroupId IN :ids", String.class).setParameter("ids", List.copyOf(groupIds))
                .getResultList());
    }

    /**
     * The NICs whose policy a change of the rules of {@code changed} or of the members of
     * {@code changed} touches: the members of those groups and of every group whose rules name
     * one of them as the remote group.
     */
    static Set<Nic> affected(EntityManager em, Collection<String> changed) {
        Set<String> groups = new LinkedHashSet<>(changed);
        groups.addAll(referencing(em, changed));
        return membersOf(em, groups);
    }
}
