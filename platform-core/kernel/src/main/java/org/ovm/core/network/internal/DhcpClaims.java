package org.ovm.core.network.internal;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.network.AddressView;

/**
 * The addresses of DHCP servers: a network driver with DHCP runs one server per host the network is
 * realized on, and that server needs an address of the network's subnet. IPAM hands it one of the
 * range like a NIC's (an {@code IP_ADDRESSES} row with role {@code dhcp}, the host, no instance and
 * no VDC), so guests never get it; it counts in the network's usage, not in any VDC's quota.
 */
final class DhcpClaims {

    /** Locally administered MACs for the rows' unique MAC column (the server's interface picks its own). */
    static final String MAC_PREFIX = "02:00:00";

    private final AddressClaims addresses;

    DhcpClaims(AddressClaims addresses) {
        this.addresses = addresses;
    }

    /**
     * Claims an address for the DHCP server of {@code network} on {@code hostId}, in the caller's
     * transaction (which it serializes with every other claim on the network); 409 when the range
     * is used up.
     */
    String claim(EntityManager em, NetworkEntity network, String hostId) {
        IpAddressEntity address = addresses.claim(em, network, null, null, null, 0, MAC_PREFIX);
        address.setRole(AddressView.DHCP);
        address.setHostId(hostId);
        return address.getAddress();
    }

    /** Gives back the DHCP server address of {@code networkId} on {@code hostId}, if it has one. */
    static void release(EntityManager em, String networkId, String hostId) {
        for (IpAddressEntity address : em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.networkId = ?1 AND "
                + "a.role = ?2 AND a.hostId = ?3", IpAddressEntity.class).setParameter(1, networkId)
                .setParameter(2, AddressView.DHCP).setParameter(3, hostId).getResultList()) {
            em.createNativeQuery("UPDATE NETWORKS SET USED_IPS = USED_IPS - 1 WHERE ID = ? AND USED_IPS > 0")
                    .setParameter(1, networkId).executeUpdate();
            em.remove(address);
        }
    }
}
