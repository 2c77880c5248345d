package org.ovm.core.network.internal;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;

/**
 * IPAM: hands a network's addresses to NICs and takes them back, in the caller's transaction.
 * Claims on one network are serialized by a conditional update of its usage counter, which also
 * refuses a claim once the range is used up; the address rows are then chosen under that row lock.
 * A network being deleted hands out nothing. Besides NICs, the DHCP servers of drivers with DHCP hold
 * addresses of the range ({@link DhcpClaims}), so guests never get theirs.
 */
public final class AddressClaims {

    private final SecureRandom random = new SecureRandom();

    /** A network's range and gateway (-1 when it has none) as numbers. */
    private record Range(long start, long end, long gateway) {

        static Range of(NetworkEntity network) {
            return new Range(Ipv4.parse("rangeStart", network.getRangeStart()),
                    Ipv4.parse("rangeEnd", network.getRangeEnd()),
                    network.getGateway() == null ? -1 : Ipv4.parse("gateway", network.getGateway()));
        }

        /** The addresses IPAM can hand out: the range less the gateway. */
        long capacity() {
            return end - start + 1 - (gateway >= start && gateway <= end ? 1 : 0);
        }
    }

    /** How many addresses IPAM can hand out on {@code network}: its range less the gateway. */
    public static long capacity(NetworkEntity network) {
        return Range.of(network).capacity();
    }

    /**
     * Claims {@code requested} (or the lowest free address of the range) for NIC {@code nic} of an
     * instance, with a MAC under {@code macPrefix} (the hypervisor's OUI, {@code aa:bb:cc}); 409
     * when the address is taken or the range is full.
     */
    public IpAddressEntity claim(EntityManager em, NetworkEntity network, String requested, String instanceId,
            String vdcId, int nic, String macPrefix) {
        Range range = Range.of(network);
        long capacity = range.capacity();
        int updated = em.createNativeQuery("UPDATE NETWORKS SET USED_IPS = USED_IPS + 1 WHERE ID = ? AND USED_IPS < ?")
                .setParameter(1, network.getId()).setParameter(2, capacity).executeUpdate();
        if (updated != 1) {
            throw new OvmException(OvmError.CONFLICT, "nics", "network " + network.getName()
                    + " has no free address: all " + capacity + " of its range are in use");
        }
        NetworkDeletion.refuseWhileDeleting(em, network);
        Set<Long> taken = new HashSet<>();
        for (String address : em.createQuery("SELECT a.address FROM IpAddressEntity a WHERE a.networkId = ?1",
                String.class).setParameter(1, network.getId()).getResultList()) {
            taken.add(Ipv4.parse("address", address));
        }
        long start = range.start();
        long end = range.end();
        long gateway = range.gateway();
        long chosen = -1;
        if (requested != null) {
            long wanted = Ipv4.parse("nics", requested);
            if (wanted < start || wanted > end || wanted == gateway) {
                throw OvmException.invalid("nics", "address " + requested + " is outside network " + network.getName()
                        + "'s range " + network.getRangeStart() + "-" + network.getRangeEnd()
                        + (wanted == gateway ? " (it is the gateway)" : ""));
            }
            if (taken.contains(wanted)) {
                throw OvmException.conflict("nics", "address " + requested + " of network " + network.getName()
                        + " is already in use");
            }
            chosen = wanted;
        } else {
            for (long candidate = start; candidate <= end; candidate++) {
                if (candidate != gateway && !taken.contains(candidate)) {
                    chosen = candidate;
                    break;
                }
            }
        }
        IpAddressEntity address = new IpAddressEntity();
        address.setId(Ids.newId());
        address.setNetworkId(network.getId());
        address.setAddress(Ipv4.format(chosen));
        address.setMac(freeMac(em, macPrefix));
        address.setInstanceId(instanceId);
        address.setVdcId(vdcId);
        address.setNicIndex(nic);
        address.setCreatedAt(Times.now());
        em.persist(address);
        return address;
    }

    /** Gives back every address of an instance; returns how many there were. */
    public int releaseAll(EntityManager em, String instanceId) {
        List<IpAddressEntity> addresses = of(em, instanceId);
        for (IpAddressEntity address : addresses) {
            em.createNativeQuery("UPDATE NETWORKS SET USED_IPS = USED_IPS - 1 WHERE ID = ? AND USED_IPS > 0")
                    .setParameter(1, address.getNetworkId()).executeUpdate();
            em.remove(address);
        }
        return addresses.size();
    }

    /** An instance's addresses in NIC order. */
    public static List<IpAddressEntity> of(EntityManager em, String instanceId) {
        return em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.instanceId = ?1 ORDER BY a.nicIndex",
                IpAddressEntity.class).setParameter(1, instanceId).getResultList();
    }

    /** A MAC under the prefix ({@code prefix:xx:xx:xx}) no NIC has yet. */
    private String freeMac(EntityManager em, String prefix) {
        if (prefix == null || !prefix.matches("[0-9a-f]{2}(:[0-9a-f]{2}){2,3}")) {
            throw new IllegalStateException("a hypervisor driver's MAC prefix must be three or four lower-case hex "
                    + "octets (aa:bb:cc), not " + prefix);
        }
        int free = 6 - prefix.split(":").length;
        while (true) {
            StringBuilder mac = new StringBuilder(prefix);
            for (int i = 0; i < free; i++) {
                mac.append(String.format(":%02x", random.nextInt(256)));
            }
            if (em.createQuery("SELECT a.id FROM IpAddressEntity a WHERE a.mac = ?1").setParameter(1, mac.toString())
                    .setMaxResults(1).getResultList().isEmpty()) {
                return mac.toString();
            }
        }
    }
}
