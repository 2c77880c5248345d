package org.ovm.core.storage.internal;

import java.util.Locale;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Sizes;

/**
 * A pool's overcommit limit on virtual disk sizes: with a ratio, a new volume of virtual size
 * {@code s} is refused (409) when {@code allocated + s > total × ratio}, and with ratio 1.0 also
 * when {@code s > available}. Checked in the request's transaction, with the quota claim (volume
 * create, copy, migrate target).
 */
public final class Overcommit {

    private Overcommit() {
    }

    /** Refuses (409) a new volume of {@code sizeBytes} the pool may not hold; the pool's allocation is read in {@code em}. */
    public static void check(EntityManager em, StoragePoolEntity pool, long sizeBytes) {
        Double ratio = ratio(pool);
        if (ratio == null) {
            return;
        }
        long allocated = em.createQuery("SELECT COALESCE(SUM(v.sizeBytes), 0) FROM VolumeEntity v WHERE v.poolId = ?1",
                Number.class).setParameter(1, pool.getId()).getSingleResult().longValue();
        String refusal = refusal(pool.getName(), ratio, pool.getTotalBytes(), pool.getAvailableBytes(), allocated,
                sizeBytes);
        if (refusal != null) {
            throw OvmException.conflict("poolId", refusal);
        }
    }

    /**
     * The pool's ratio, or null for no limit. The pool's column comes with the shared-pools
     * changeset (issue 16, kernel-pools part); until then no pool has a limit.
     */
    static Double ratio(StoragePoolEntity pool) {
        return null;
    }

    /** Why a new volume does not fit, or null when it does. */
    static String refusal(String pool, double ratio, long totalBytes, long availableBytes, long allocatedBytes,
            long sizeBytes) {
        if (allocatedBytes + sizeBytes > totalBytes * ratio) {
            return String.format(Locale.ROOT, "pool %s would hold %.1f GiB of virtual disks, over %.1f × its %.1f GiB;"
                    + " free space or raise its overcommitRatio", pool, gib(allocatedBytes + sizeBytes), ratio,
                    gib(totalBytes));
        }
        if (ratio <= 1.0 && sizeBytes > availableBytes) {
            return String.format(Locale.ROOT, "pool %s has %.1f GiB free, less than the %.1f GiB asked for; free space"
                    + " or raise its overcommitRatio", pool, gib(availableBytes), gib(sizeBytes));
        }
        return null;
    }

    private static double gib(long bytes) {
        return bytes / (double) Sizes.GIB;
    }
}
