package org.ovm.core.network.security.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.SecurityGroupEntity;
import org.ovm.core.internal.inventory.SecurityGroupRuleEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.network.security.SecurityGroupMemberView;
import org.ovm.core.network.security.SecurityGroupRuleView;
import org.ovm.core.network.security.SecurityGroupView;

/** Security groups as clients see them: with their rules and members, read in one query each for a page. */
final class SecurityGroupViews {

    private SecurityGroupViews() {
    }

    static SecurityGroupView of(EntityManager em, SecurityGroupEntity group) {
        return of(em, List.of(group)).get(0);
    }

    static List<SecurityGroupView> of(EntityManager em, List<SecurityGroupEntity> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        List<String> ids = groups.stream().map(SecurityGroupEntity::getId).toList();
        Map<String, List<SecurityGroupRuleView>> rules = new HashMap<>();
        for (SecurityGroupRuleEntity rule : rules(em, ids)) {
            rules.computeIfAbsent(rule.getGroupId(), k -> new ArrayList<>()).add(rule(rule));
        }
        Map<String, List<SecurityGroupMemberView>> members = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT m.groupId, m.instanceId, i.name, m.nicIndex FROM "
                + "NicSecurityGroupEntity m, InstanceEntity i WHERE m.groupId IN :ids AND i.id = m.instanceId "
                + "ORDER BY i.name, m.instanceId, m.nicIndex", Object[].class).setParameter("ids", ids)
                .getResultList()) {
            members.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(new SecurityGroupMemberView(
                    (String) row[1], (String) row[2], ((Number) row[3]).intValue()));
        }
        return groups.stream().map(g -> new SecurityGroupView(g.getId(), g.getName(), g.getDescription(),
                g.getVdcId(), rules.getOrDefault(g.getId(), List.of()), members.getOrDefault(g.getId(), List.of()),
                Times.iso(g.getCreatedAt()))).toList();
    }

    /** The rules of some groups, oldest first. */
    static List<SecurityGroupRuleEntity> rules(EntityManager em, List<String> groupIds) {
        return em.createQuery("SELECT r FROM SecurityGroupRuleEntity r WHERE r.groupId IN :ids ORDER BY r.createdAt, "
                + "r.id", SecurityGroupRuleEntity.class).setParameter("ids", groupIds).getResultList();
    }

    static SecurityGroupRuleView rule(SecurityGroupRuleEntity r) {
        return new SecurityGroupRuleView(r.getId(), r.getDirection(), r.getProtocol(), r.getPortMin(), r.getPortMax(),
                r.getRemoteCidr(), r.getRemoteGroupId());
    }
}
