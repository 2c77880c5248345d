package org.ovm.core.storage;

/** Where a storage pool stands. */
public enum PoolState {
    /** Its attach task runs. */
    ATTACHING,
    /** Attached to every host it should be, and reachable: volumes can be created in it. */
    UP,
    /**
     * Usable in part or not at all for now: its probe failed, or some of its hosts could not attach
     * it. The reason names what failed; the pool heals to {@code UP} on its own.
     */
    DEGRADED,
    /** The attach failed on every host (the reason and the task say why). */
    ERROR
}
