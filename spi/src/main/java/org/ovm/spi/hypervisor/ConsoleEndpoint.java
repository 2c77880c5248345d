package org.ovm.spi.hypervisor;

/**
 * An instance's console.
 *
 * @param protocol  {@code vnc} (or {@code spice}, {@code serial})
 * @param host      the address the console listens on, as seen from the hypervisor host
 * @param port      TCP port, or 0 when there is none
 * @param serialLog file on the host the serial console is logged to, or null
 */
public record ConsoleEndpoint(String protocol, String host, int port, String serialLog) {
}
