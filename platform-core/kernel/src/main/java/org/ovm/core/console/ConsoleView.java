package org.ovm.core.console;

/**
 * Where an instance's console is: the protocol, the address and port it listens on as seen from
 * its hypervisor host ({@code hypervisorHost}), and the serial log file on that host.
 */
public record ConsoleView(String protocol, String listen, int port, String hypervisorHost, String serialLog) {
}
