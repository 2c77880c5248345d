package org.ovm.core.quota.internal;

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
        // one SQL statement: the database serializes it on the host's row (a JPQL bulk update may be
        // evaluated in memory, which is not atomic)
        int updated = em.createNativeQuery("UPDATE HOSTS SET ALLOC_CPUS = ALLOC_CPUS + ?, "
                + "ALLOC_MEMORY_MIB = ALLOC_MEMORY_MIB + ? WHERE ID = ? "
                + "AND ALLOC_CPUS + ? <= CPUS * CPU_OVERCOMMIT "
                + "AND ALLOC_MEMORY_MIB + ? <= MEMORY_MIB * MEMORY_OVERCOMMIT")
                .setParameter(1, cpus).setParameter(2, memoryMiB).setParameter(3, hostId).setParameter(4, cpus)
                .setParameter(5, memoryMiB).executeUpdate();
        if (updated == 1) {
            return;
        }
        HostEntity host = em.find(HostEntity.class, hostId);
        em.refresh(host);
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
        em.createNativeQuery("UPDATE HOSTS SET ALLOC_CPUS = ALLOC_CPUS - ?, ALLOC_MEMORY_MIB = ALLOC_MEMORY_MIB - ? "
                + "WHERE ID = ?").setParameter(1, cpus).setParameter(2, memoryMiB).setParameter(3, hostId)
                .executeUpdate();
    }

    /**
     * Adds {@code delta} to a host's instance count (placement's fewest-instances input), in the
     * caller's transaction; inventory sync recounts each host it lists, so a missed update heals.
     */
    public void countInstances(EntityManager em, String hostId, int delta) {
        em.createNativeQuery("UPDATE HOSTS SET INSTANCE_COUNT = CASE WHEN INSTANCE_COUNT + ? < 0 THEN 0 ELSE "
                + "INSTANCE_COUNT + ? END WHERE ID = ?").setParameter(1, delta).setParameter(2, delta)
                .setParameter(3, hostId).executeUpdate();
    }

    /**
     * The host's state as committed, read after this transaction updated the host's row (so
     * it holds the row's lock and the state cannot change under it).
     */
    public String lockedState(EntityManager em, String hostId) {
        return (String) em.createNativeQuery("SELECT STATE FROM HOSTS WHERE ID = ?").setParameter(1, hostId)
                .getSingleResult();
    }

    /** Sets a host's instance count to what the inventory holds. */
    public void recountInstances(EntityManager em, String hostId) {
        em.createNativeQuery("UPDATE HOSTS SET INSTANCE_COUNT = (SELECT COUNT(*) FROM INSTANCES WHERE "
                + "INSTANCES.HOST_ID = ?) WHERE ID = ?").setParameter(1, hostId).setParameter(2, hostId)
                .executeUpdate();
    }
}
