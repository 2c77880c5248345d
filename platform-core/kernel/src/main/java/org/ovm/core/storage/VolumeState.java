package org.ovm.core.storage;

/** Where a volume stands. */
public enum VolumeState {
    /** Its create task runs. */
    CREATING,
    /** A disk of an instance. */
    ATTACHED,
    /** Not attached to any instance. */
    DETACHED
}
