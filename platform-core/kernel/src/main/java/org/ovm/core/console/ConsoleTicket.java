package org.ovm.core.console;

/**
 * A one-time permission to open an instance's console through the engine's proxy.
 *
 * @param ticket     the secret to present (query parameter {@code ticket} of {@code path})
 * @param instanceId the instance
 * @param protocol   {@code vnc}
 * @param path       the websocket path to open on the engine, ticket included
 * @param expiresAt  when the ticket stops being accepted (ISO-8601)
 */
public record ConsoleTicket(String ticket, String instanceId, String protocol, String path, String expiresAt) {
}
