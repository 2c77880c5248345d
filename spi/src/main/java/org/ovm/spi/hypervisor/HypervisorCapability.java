package org.ovm.spi.hypervisor;

/** Optional hypervisor features a driver declares in {@link HypervisorDriver#capabilities()}. */
public enum HypervisorCapability {
    /** Discovery of instances OVM did not create ({@link HypervisorDriver#listInstances}). */
    DISCOVERY,
    /** Graceful (ACPI) shutdown in addition to forced power-off. */
    GRACEFUL_STOP,
    /** Snapshots of an instance. */
    SNAPSHOT,
    /** Live migration between hosts of one cluster. */
    LIVE_MIGRATION,
    /** CPU or memory change while running. */
    HOT_RESIZE,
    /** A graphical or serial console endpoint. */
    CONSOLE
}
