package org.ovm.core.console;

/**
 * Where the console proxy connects for a redeemed ticket.
 *
 * @param instanceId the instance
 * @param username   who asked for the ticket (for the audit trail)
 * @param vdcId      the instance's VDC
 * @param protocol   {@code vnc}
 * @param address    the address the engine connects to
 * @param port       the TCP port
 * @param password   the one-time VNC password the proxy answers the console's challenge with, or
 *                   null when it asks for none; {@link #toString()} hides it
 * @param userId     the id of the user who asked for the ticket (null for the engine itself): the
 *                   ticket is good only while that user exists and may see the instance, and the
 *                   console closes when the user is deleted
 */
public record ConsoleTarget(String instanceId, String username, String vdcId, String protocol, String address,
        int port, String password, String userId) {

    /** A target without a user id. */
    public ConsoleTarget(String instanceId, String username, String vdcId, String protocol, String address, int port,
            String password) {
        this(instanceId, username, vdcId, protocol, address, port, password, null);
    }

    @Override
    public String toString() {
        return "ConsoleTarget[" + instanceId + " " + protocol + " " + address + ":" + port + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
