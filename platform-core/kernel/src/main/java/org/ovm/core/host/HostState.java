package org.ovm.core.host;

/** Where a host stands, as the monitor and the admin last set it. */
public enum HostState {
    /** Added or activated; the first probe has not answered yet. */
    CONNECTING,
    /** Probed and reachable: instances may be placed and created on it. */
    UP,
    /** Missed one probe (reserved for the HA monitor's two-miss rule). */
    SUSPECT,
    /** Unreachable: the last probe failed. */
    DOWN,
    /** Taken out of service by an admin: placement passes it by, probes keep it there. */
    MAINTENANCE,
    /** Cannot be managed (its driver is missing, or it refused the connection). */
    ERROR
}
