package org.ovm.core.placement.internal;

/** Keys of {@link org.ovm.spi.scheduler.HostCandidate#attributes()} the kernel fills in. */
public final class HostAttributes {

    /** The host's cluster id. */
    public static final String CLUSTER = "clusterId";

    private HostAttributes() {
    }
}
