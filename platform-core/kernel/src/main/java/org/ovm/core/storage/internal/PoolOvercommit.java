package org.ovm.core.storage.internal;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.StoragePoolEntity;

/**
 * Stand-in for the kernel-pools part's overcommit check of the same name and signature (on main
 * since the merge of i16-kpools): this branch has no ratio column, so every disk fits. At the merge,
 * keep main's version of this file.
 */
public final class PoolOvercommit {

    private PoolOvercommit() {
    }

    /** Refuses (409 naming {@code field}) a new disk of {@code bytes} the pool's ratio does not allow. */
    public static void check(EntityManager em, StoragePoolEntity pool, long bytes, String field) {
        // no ratio on this branch
    }
}
