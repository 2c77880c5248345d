package org.ovm.core.internal.ops;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.HostEntity;

/**
 * Claims and releases host capacity with conditional updates, so concurrent creates can never
 * allocate a host beyond its overcommit ratios. No lock is held between requests.
 */
public final class CapacityClaims {

    /** Claims {@code cpus} and {@code memoryMiB} on a host inside the caller's transaction or fails with 409. */
    public void claim(EntityManager em, String hostId, int cpus, long memoryMiB) {
        int updated = em.createQuery("UPDATE HostEntity h SET h.allocCpus = h.allocCpus + ?1, "
                + "h.allocMemoryMib = h.allocMemoryMib + ?2 WHERE h.id = ?3 "
                + "AND h.allocCpus + ?1 <= h.cpus * h.cpuOvercommit "
                + "AND h.allocMemoryMib + ?2 <= h.memoryMib * h.memoryOvercommit")
                .setParameter(1, cpus).setParameter(2, memoryMiB).setParameter(3, hostId).executeUpdate();
        if (updated == 1) {
            return;
        }
        HostEntity host = em.find(HostEntity.class, hostId);
        long freeMemory = (long) (host.getMemoryMib() * host.getMemoryOvercommit()) - host.getAllocMemoryMib();
        long freeCpus = (long) (host.getCpus() * host.getCpuOvercommit()) - host.getAllocCpus();
        throw new OvmException(OvmError.INSUFFICIENT_CAPACITY, memoryMiB > freeMemory ? "memoryMiB" : "cpus",
                "host " + host.getName() + " has " + freeMemory + " MiB memory and " + freeCpus
                        + " vCPUs free (after overcommit); requested " + memoryMiB + " MiB and " + cpus + " vCPUs");
    }

    /**
     * Books capacity that is already in use on the host (an adopted instance, a resize done
     * outside OVM) without checking the ratios; negative amounts give it back.
     */
    public void book(EntityManager em, String hostId, int cpus, long memoryMiB) {
        release(em, hostId, -cpus, -memoryMiB);
    }

    public void release(EntityManager em, String hostId, int cpus, long memoryMiB) {
        em.createQuery("UPDATE HostEntity h SET h.allocCpus = h.allocCpus - ?1, "
                + "h.allocMemoryMib = h.allocMemoryMib - ?2 WHERE h.id = ?3")
                .setParameter(1, cpus).setParameter(2, memoryMiB).setParameter(3, hostId).executeUpdate();
    }
}
