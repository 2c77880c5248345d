package org.ovm.core.storage.internal;

import java.util.List;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.PoolHostKey;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.storage.PoolState;

/**
 * Which hosts a storage pool serves, from its {@code POOL_HOSTS} rows. Every "does this pool serve
 * that host" question of the kernel goes through here (disk plans, placement hints, volume attach,
 * image registration, host removal).
 */
public final class PoolHosts {

    private PoolHosts() {
    }

    /** True when the pool is attached to the host and usable from it (its row there is {@code UP}). */
    public static boolean serves(EntityManager em, StoragePoolEntity pool, String hostId) {
        if (hostId == null || !usableState(pool)) {
            return false;
        }
        PoolHostEntity row = em.find(PoolHostEntity.class, new PoolHostKey(pool.getId(), hostId));
        return row != null && row.getState() == PoolHostState.UP;
    }

    /** The hosts the pool is attached to (usable or unreachable for now), by id. */
    public static List<String> hostIds(EntityManager em, StoragePoolEntity pool) {
        return em.createQuery("SELECT r.hostId FROM PoolHostEntity r WHERE r.poolId = ?1 AND r.state IN ('UP', "
                + "'UNREACHABLE') ORDER BY r.hostId", String.class).setParameter(1, pool.getId()).getResultList();
    }

    /** The hosts the pool is usable from now, by id (empty while it is attaching, failed or unreachable). */
    public static List<String> usableHostIds(EntityManager em, StoragePoolEntity pool) {
        if (!usableState(pool)) {
            return List.of();
        }
        return em.createQuery("SELECT r.hostId FROM PoolHostEntity r WHERE r.poolId = ?1 AND r.state = 'UP' "
                + "ORDER BY r.hostId", String.class).setParameter(1, pool.getId()).getResultList();
    }

    /** Every row of the pool (any state), by host id. */
    public static List<PoolHostEntity> rows(EntityManager em, String poolId) {
        return em.createQuery("SELECT r FROM PoolHostEntity r WHERE r.poolId = ?1 ORDER BY r.hostId",
                PoolHostEntity.class).setParameter(1, poolId).getResultList();
    }

    /**
     * Refuses (409 on {@code field}) a pool that no host can use now: attaching, failed, or
     * unreachable from all of its hosts.
     */
    public static void requireUsable(EntityManager em, StoragePoolEntity pool, String field) {
        if (!usableState(pool)) {
            throw OvmException.conflict(field, "storage pool " + pool.getName() + " is " + pool.getState()
                    + (pool.getStateReason() == null ? "" : " (" + pool.getStateReason() + ")"));
        }
        if (usableHostIds(em, pool).isEmpty()) {
            throw OvmException.conflict(field, "storage pool " + pool.getName() + " is usable from no host now"
                    + (pool.getStateReason() == null ? "" : " (" + pool.getStateReason() + ")"));
        }
    }

    /**
     * Why pools the host uses fail there ("storage pool nfs1 is unreachable: ..."), or null when all
     * of its pools are fine.
     */
    public static String storageReason(EntityManager em, String hostId) {
        List<Object[]> failing = em.createQuery("SELECT p.name, r.state, r.reason FROM PoolHostEntity r, "
                + "StoragePoolEntity p WHERE r.poolId = p.id AND r.hostId = ?1 AND r.state IN ('UNREACHABLE', "
                + "'ERROR') ORDER BY p.name", Object[].class).setParameter(1, hostId).getResultList();
        if (failing.isEmpty()) {
            return null;
        }
        String reason = failing.stream().map(f -> "storage pool " + f[0] + (PoolHostState.ERROR.name().equals(f[1])
                ? " could not be attached: " : " is unreachable: ") + f[2]).collect(Collectors.joining("; "));
        return reason.length() <= 2048 ? reason : reason.substring(0, 2045) + "...";
    }

    /**
     * The pools only this host serves (a host with them cannot be removed), by name. The host's
     * rows in pools other hosts serve too are what {@link #forget} removes.
     */
    public static List<String> onlyHostOf(EntityManager em, String hostId) {
        return em.createQuery("SELECT p.name FROM StoragePoolEntity p, PoolHostEntity r WHERE r.poolId = p.id AND "
                + "r.hostId = ?1 AND NOT EXISTS (SELECT o.hostId FROM PoolHostEntity o WHERE o.poolId = p.id AND "
                + "o.hostId <> ?1) ORDER BY p.name", String.class).setParameter(1, hostId).getResultList();
    }

    /** Removes a host's rows (it is being removed; the shared pools stay on their other hosts). */
    public static void forget(EntityManager em, String hostId) {
        em.createQuery("DELETE FROM PoolHostEntity r WHERE r.hostId = ?1").setParameter(1, hostId).executeUpdate();
    }

    private static boolean usableState(StoragePoolEntity pool) {
        return pool.getState() == PoolState.UP || pool.getState() == PoolState.DEGRADED;
    }
}
