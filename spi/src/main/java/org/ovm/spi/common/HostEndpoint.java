package org.ovm.spi.common;

import java.util.Map;
import java.util.Objects;

/**
 * How a driver reaches one host: its endpoint URI, decrypted credentials and host settings.
 * The kernel builds a fresh endpoint for each call; drivers may cache connections keyed by
 * {@link #hostId()} but must drop them when {@link #uri()} or the credentials change.
 *
 * @param hostId   the kernel's id of the host
 * @param uri      the backend endpoint (a libvirt URI, an ESXi {@code https://.../sdk}, ...)
 * @param username user name for the backend, or null when the URI carries no login
 * @param password password for the backend, or null
 * @param settings per-host driver settings (for example a forced domain type); never null
 */
public record HostEndpoint(String hostId, String uri, String username, String password, Map<String, String> settings) {

    public HostEndpoint {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(uri, "uri");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "HostEndpoint[hostId=" + hostId + ", uri=" + uri + ", username=" + username + "]";
    }
}
