package org.ovm.spi.hypervisor;

/** How {@link HypervisorDriver#stop} powers an instance off. */
public enum StopMode {
    /** Ask the guest to shut down, then force when the deadline nears. */
    GRACEFUL,
    /** Cut power at once. */
    FORCE
}
