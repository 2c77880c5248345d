package org.ovm.core.storage.internal;

import java.util.Locale;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Sizes;

/**
 * A pool's overcommit limit, checked in the request that creates a disk (in the transaction that
 * claims its quota): with a ratio, the virtual sizes of the pool's volumes and images plus the new
 * disk may not exceed ratio × the pool's capacity, and with ratio 1.0 the new disk must also fit in
 * the space still free. The pool's row is locked first, so concurrent requests on one pool count
 * each other's volume rows.
 */
public final class PoolOvercommit {

    private PoolOvercommit() {
    }

    /**
     * Refuses (409 naming {@code field}) a new disk of {@code bytes} virtual bytes that the pool's
     * ratio does not allow; a pool without ratio, or whose capacity is not known yet, takes anything.
     */
    public static void check(EntityManager em, StoragePoolEntity pool, long bytes, String field) {
        Double ratio = pool.getOvercommitRatio();
        if (ratio == null || pool.getTotalBytes() <= 0 || bytes <= 0) {
            return;
        }
        em.createNativeQuery("UPDATE STORAGE_POOLS SET STATE = STATE WHERE ID = ?").setParameter(1, pool.getId())
                .executeUpdate();
        em.flush();
        long allocated = PoolViews.allocatedBytes(em, pool.getId());
        String refusal = refusal(pool.getName(), ratio, pool.getTotalBytes(), pool.getAvailableBytes(), allocated,
                bytes);
        if (refusal != null) {
            throw OvmException.conflict(field, refusal);
        }
    }

    /** Why a disk of {@code bytes} does not fit, or null when it does. */
    static String refusal(String pool, double ratio, long total, long available, long allocated, long bytes) {
        double limit = total * ratio;
        if (allocated + bytes > limit) {
            return String.format(Locale.ROOT, "pool %s would hold %s of virtual disks (%s now + %s asked), over "
                    + "%.1f × its %s; free space or raise its overcommitRatio", pool, gib(allocated + bytes),
                    gib(allocated), gib(bytes), ratio, gib(total));
        }
        if (ratio <= 1.0 && bytes > available) {
            return String.format(Locale.ROOT, "pool %s has %s free, less than the %s asked, and its "
                    + "overcommitRatio is 1.0; free space or raise its overcommitRatio", pool, gib(available),
                    gib(bytes));
        }
        return null;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) Sizes.GIB);
    }
}
