package org.ovm.spi.hypervisor;

/**
 * An instance's console.
 *
 * @param protocol  {@code vnc} (or {@code spice}, {@code serial})
 * @param host      the address the console listens on, as seen from the hypervisor host
 * @param port      TCP port, or 0 when there is none
 * @param serialLog file on the host the serial console is logged to, or null
 * @param password  a one-time VNC password ({@link ConsoleSupport#openConsole}), or null when the
 *                  console needs none; never logged ({@link #toString()} hides it)
 */
public record ConsoleEndpoint(String protocol, String host, int port, String serialLog, String password) {

    /** A console without a password. */
    public ConsoleEndpoint(String protocol, String host, int port, String serialLog) {
        this(protocol, host, port, serialLog, null);
    }

    @Override
    public String toString() {
        return "ConsoleEndpoint[" + protocol + " " + host + ":" + port + ", serialLog=" + serialLog + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
