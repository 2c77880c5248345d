package org.ovm.core.instance;

/** Where a vApp's deployment stands. */
public enum VAppState {
    DEPLOYING,
    RUNNING,
    STOPPED,
    /** Some members failed and the vApp was asked to keep the others. */
    DEGRADED,
    /** A member failed: every member was removed again. */
    ROLLED_BACK
}
