package org.ovm.core.network.security.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.SecurityGroupRuleEntity;
import org.ovm.core.network.internal.Ipv4;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/**
 * Builds a NIC's {@link PortPolicy} from the inventory: filtered when the NIC is in at least one
 * group, with the rules of all its groups; a rule naming a remote group becomes one rule per
 * address ({@code /32}) of the NICs in that group, leaving out instances being deleted. The rules
 * come sorted and without duplicates, so the same inventory always gives the same policy.
 */
final class PolicyBuilder {

    private static final Comparator<PortRule> ORDER = Comparator.comparing(PortRule::protocol)
            .thenComparingInt(PortRule::portMin).thenComparingInt(PortRule::portMax)
            .thenComparingLong(r -> Ipv4.parse("remoteCidr", r.remoteCidr().substring(0, r.remoteCidr().indexOf('/'))))
            .thenComparing(PortRule::remoteCidr);

    private PolicyBuilder() {
    }

    static PortPolicy build(EntityManager em, IpAddressEntity nic) {
        List<String> groups = NicMemberships.of(em, nic.getInstanceId(), nic.getNicIndex());
        if (groups.isEmpty()) {
            return new PortPolicy(nic.getMac(), nic.getAddress(), false, List.of(), List.of());
        }
        Set<PortRule> ingress = new LinkedHashSet<>();
        Set<PortRule> egress = new LinkedHashSet<>();
        Map<String, List<String>> remotes = new HashMap<>();
        for (SecurityGroupRuleEntity rule : em.createQuery("SELECT r FROM SecurityGroupRuleEntity r WHERE r.groupId "
                + "IN :ids", SecurityGroupRuleEntity.class).setParameter("ids", groups).getResultList()) {
            List<String> cidrs = rule.getRemoteGroupId() == null ? List.of(rule.getRemoteCidr())
                    : remotes.computeIfAbsent(rule.getRemoteGroupId(), id -> addresses(em, id));
            int min = rule.getPortMin() == null ? 0 : rule.getPortMin();
            int max = rule.getPortMax() == null ? 0 : rule.getPortMax();
            for (String cidr : cidrs) {
                (RuleChecks.INGRESS.equals(rule.getDirection()) ? ingress : egress)
                        .add(new PortRule(rule.getProtocol(), min, max, cidr));
            }
        }
        return new PortPolicy(nic.getMac(), nic.getAddress(), true, sorted(ingress), sorted(egress));
    }

    /** The addresses of the NICs in a group as {@code /32}s, instances being deleted left out. */
    static List<String> addresses(EntityManager em, String groupId) {
        return em.createQuery("SELECT DISTINCT a.address FROM NicSecurityGroupEntity m, IpAddressEntity a, "
                + "InstanceEntity i WHERE m.groupId = ?1 AND a.instanceId = m.instanceId AND a.nicIndex = m.nicIndex "
                + "AND i.id = m.instanceId AND i.state <> ?2", String.class).setParameter(1, groupId)
                .setParameter(2, InstanceState.DELETING.name()).getResultList().stream()
                .sorted(Comparator.comparingLong(a -> Ipv4.parse("address", a))).map(a -> a + "/32").toList();
    }

    private static List<PortRule> sorted(Set<PortRule> rules) {
        List<PortRule> list = new ArrayList<>(rules);
        list.sort(ORDER);
        return list;
    }
}
