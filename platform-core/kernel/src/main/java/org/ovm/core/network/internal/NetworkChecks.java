package org.ovm.core.network.internal;

import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.spi.network.NetworkCapability;

/** The checks of a new network that depend on its driver or on the other networks. */
final class NetworkChecks {

    static final int MAX_VLAN = 4094;

    private NetworkChecks() {
    }

    /**
     * The VLAN of a new network of {@code type}: 1-4094 and required when its driver tags traffic
     * ({@link NetworkCapability#VLAN}); otherwise 0-4094 with null meaning 0 (untagged).
     */
    static int vlan(Integer requested, String type, Set<NetworkCapability> capabilities) {
        if (capabilities.contains(NetworkCapability.VLAN)) {
            if (requested == null) {
                throw OvmException.invalid("vlan", "vlan is required for a network of type " + type
                        + ": the VLAN id (1-" + MAX_VLAN + ") its traffic is tagged with");
            }
            if (requested < 1 || requested > MAX_VLAN) {
                throw OvmException.invalid("vlan", "vlan must be a VLAN id between 1 and " + MAX_VLAN
                        + " for a network of type " + type + ", got " + requested
                        + (requested == 0 ? " (untagged traffic is not possible on this type)" : ""));
            }
            return requested;
        }
        int vlan = requested == null ? 0 : requested;
        if (vlan < 0 || vlan > MAX_VLAN) {
            throw OvmException.invalid("vlan", "vlan must be between 1 and " + MAX_VLAN + " (0 for untagged), got "
                    + vlan);
        }
        return vlan;
    }

    /**
     * 409 naming the network whose subnet overlaps {@code subnet} on the same VLAN number (two
     * subnets sharing addresses on one segment would make addresses ambiguous).
     */
    static void noOverlap(EntityManager em, int vlan, Ipv4.Subnet subnet) {
        for (NetworkEntity other : em.createQuery("SELECT n FROM NetworkEntity n WHERE n.vlan = ?1 ORDER BY n.name",
                NetworkEntity.class).setParameter(1, vlan).getResultList()) {
            Ipv4.Subnet theirs = Ipv4.subnet("cidr", other.getCidr());
            if (subnet.network() <= theirs.broadcast() && theirs.network() <= subnet.broadcast()) {
                throw OvmException.conflict("cidr", "cidr " + subnet + " overlaps network " + other.getName() + " ("
                        + theirs + ") on " + (vlan == 0 ? "the untagged segment" : "VLAN " + vlan)
                        + "; networks on one VLAN need address ranges apart: choose another cidr or VLAN");
            }
        }
    }
}
