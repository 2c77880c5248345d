package org.ovm.core.storage.internal;

import java.util.concurrent.CompletionStage;

/** Resolves a pool to its driver, spec and a host it serves; the kernel's is {@link StorageAccess#target(String, String, boolean)}. */
@FunctionalInterface
public interface PoolTargets {

    /** The pool through {@code hostId} (null: any usable host it is attached to). */
    CompletionStage<StorageAccess.Target> target(String poolId, String hostId, boolean waitForDriver);
}
