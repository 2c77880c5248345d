package org.ovm.spi.fence;

import java.util.Map;
import java.util.Objects;

/**
 * How a fence driver reaches one host's management controller (a BMC): its address, decrypted
 * credentials and driver settings. The kernel builds a fresh endpoint for each call from the host's
 * power-management settings, which it stores with the password encrypted.
 *
 * @param hostId   the kernel's id of the host the controller powers; never null
 * @param address  the controller's host name or IP address; never null or blank
 * @param port     the controller's port, or 0 for the driver's default (623 for IPMI over LAN)
 * @param username user name on the controller, or null for an anonymous login
 * @param password password on the controller, or null; never logged, never printed
 * @param settings driver settings (for IPMI {@code interface}, {@code privilege},
 *                 {@code cipherSuite}); never null
 */
public record FenceEndpoint(String hostId, String address, int port, String username, String password,
        Map<String, String> settings) {

    public FenceEndpoint {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            throw new IllegalArgumentException("address must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (the driver's default) or 1-65535, not " + port);
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "FenceEndpoint[hostId=" + hostId + ", address=" + address + ", port=" + port + ", username="
                + username + ", settings=" + settings + "]";
    }
}
