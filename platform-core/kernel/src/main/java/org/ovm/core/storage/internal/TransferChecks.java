package org.ovm.core.storage.internal;

import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.VolumeState;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeTransferSupport;

/**
 * The request-time checks of everything that copies volume data between pools (copies, moves,
 * backups, restores): the target pool, the drivers' ability to copy, the format, the source volume.
 */
public final class TransferChecks {

    private TransferChecks() {
    }

    /** The pool data is copied to: it exists (400 naming {@code poolId}) and is UP or DEGRADED (409). */
    public static StoragePoolEntity targetPool(EntityManager em, String poolId) {
        StoragePoolEntity pool = poolId == null ? null : em.find(StoragePoolEntity.class, poolId);
        if (pool == null) {
            throw OvmException.invalid("poolId", poolId == null ? "poolId is required"
                    : "storage pool " + poolId + " does not exist");
        }
        String state = pool.getState() == null ? "" : pool.getState().name();
        if (!"UP".equals(state) && !"DEGRADED".equals(state)) {
            throw OvmException.conflict("poolId", "storage pool " + pool.getName() + " is " + state);
        }
        return pool;
    }

    /** The pool's driver, installed and able to copy volumes (409 naming the plugin otherwise). */
    public static void requireTransfer(Function<String, Optional<StorageDriver>> storage, StoragePoolEntity pool,
            String how) {
        StorageDriver driver = storage.apply(pool.getType()).orElseThrow(() -> OvmException.conflict("poolId",
                "storage driver " + pool.getType() + " of pool " + pool.getName() + " is not installed: install "
                        + DriverRegistry.pluginFor(pool.getType())));
        if (!(driver instanceof VolumeTransferSupport)) {
            throw OvmException.conflict("poolId", "volumes of pool " + pool.getName() + " cannot be " + how
                    + " another pool: its plugin " + DriverRegistry.pluginFor(pool.getType())
                    + " does not copy volumes");
        }
    }

    /** The pool stores volumes of {@code format} (409 otherwise). */
    public static void requireFormat(Function<String, Optional<StorageDriver>> storage, StoragePoolEntity pool,
            String format) {
        storage.apply(pool.getType()).ifPresent(driver -> {
            if (format != null && !driver.volumeFormats().contains(format)) {
                throw OvmException.conflict("poolId", "pool " + pool.getName() + " (" + pool.getType()
                        + ") does not store " + format + " volumes");
            }
        });
    }

    /** The volume, re-read under its row's lock, in a state its data can be read in (404, 409). */
    public static VolumeEntity lockedVolume(EntityManager em, String id) {
        em.createNativeQuery("UPDATE VOLUMES SET STATE = STATE WHERE ID = ?").setParameter(1, id).executeUpdate();
        VolumeEntity current = em.find(VolumeEntity.class, id);
        if (current == null) {
            throw OvmException.notFound("volume", id);
        }
        em.refresh(current);
        if (current.getState() == VolumeState.CREATING || current.getPath() == null) {
            throw OvmException.conflict(null, "volume " + current.getName() + " is still being created");
        }
        return current;
    }
}
