package org.ovm.spi.storage;

/** Optional storage features. */
public enum StorageCapability {
    /** Volumes backed by a template (copy on write). */
    LINKED_CLONE,
    /** Volume snapshots. */
    SNAPSHOT,
    /** The pool is reachable from every host of a cluster (enables HA and live migration). */
    SHARED
}
