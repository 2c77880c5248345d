package org.ovm.core.host;

/** Where a host stands, as the monitor and the admin last set it. */
public enum HostState {
    /** Added or activated; the first probe has not answered yet. */
    CONNECTING,
    /** Probed and reachable: instances may be placed and created on it. */
    UP,
    /** Missed one probe: placement passes it by; a second consecutive miss makes it {@code DOWN}. */
    SUSPECT,
    /** Unreachable: two consecutive probes failed. It is {@code UP} again after two good probes in a row. */
    DOWN,
    /**
     * {@code DOWN}, and HA instances wait to restart elsewhere: nothing restarts until an admin confirms that
     * the host is powered off ({@code POST /hosts/{id}/confirm-down}) or the host answers again.
     */
    NON_RESPONSIVE,
    /**
     * An admin asked for maintenance while instances ran: they are being moved to other hosts of its cluster
     * ({@code host.drain}); placement passes it by. {@code MAINTENANCE} once it is empty; its reason names what
     * could not move otherwise.
     */
    PREPARING_FOR_MAINTENANCE,
    /** Taken out of service by an admin: placement passes it by, probes keep it there. */
    MAINTENANCE,
    /** Cannot be managed (its driver is missing, or it refused the connection). */
    ERROR
}
