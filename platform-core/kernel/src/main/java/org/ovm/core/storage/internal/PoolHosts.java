package org.ovm.core.storage.internal;

import java.util.List;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.StoragePoolEntity;

/**
 * Which hosts a storage pool serves. Every "does this pool serve that host" question of the kernel
 * goes through here (disk plans, placement hints, volume attach, host removal).
 */
public final class PoolHosts {

    private PoolHosts() {
    }

    /** True when the pool is attached to the host and usable from it. */
    public static boolean serves(EntityManager em, StoragePoolEntity pool, String hostId) {
        return pool.getHostId() == null || pool.getHostId().equals(hostId);
    }

    /** The hosts the pool is attached to. */
    public static List<String> hostIds(EntityManager em, StoragePoolEntity pool) {
        return pool.getHostId() == null ? List.of() : List.of(pool.getHostId());
    }
}
