package org.ovm.core;

/**
 * Where the console proxy connects for a redeemed ticket.
 *
 * @param instanceId the instance
 * @param username   who asked for the ticket (for the audit trail)
 * @param vdcId      the instance's VDC
 * @param protocol   {@code vnc}
 * @param address    the address the engine connects to
 * @param port       the TCP port
 */
public record ConsoleTarget(String instanceId, String username, String vdcId, String protocol, String address,
        int port) {
}
