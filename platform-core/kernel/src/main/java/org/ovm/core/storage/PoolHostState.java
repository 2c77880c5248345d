package org.ovm.core.storage;

/** Where a storage pool stands on one of the hosts it is attached to. */
public enum PoolHostState {
    /** The attach on that host runs. */
    ATTACHING,
    /** Attached and usable from that host. */
    UP,
    /** The attach on that host failed (the reason says why). */
    ERROR,
    /** Attached, but the last probe could not reach the pool (the reason says why). */
    UNREACHABLE
}
