package org.ovm.core.storage;

/** Where a storage pool stands. */
public enum PoolState {
    /** Its attach task runs. */
    ATTACHING,
    /** Attached to its host: volumes can be created in it. */
    UP,
    /** The attach failed (the task says why). */
    ERROR
}
