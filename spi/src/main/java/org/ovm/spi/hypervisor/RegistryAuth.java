package org.ovm.spi.hypervisor;

/**
 * Credentials for an image registry, decrypted by the kernel for one call.
 *
 * @param server   the registry's address ({@code host[:port]})
 * @param username the user
 * @param password the password or token; never logged ({@link #toString()} hides it)
 * @since 1.3
 */
public record RegistryAuth(String server, String username, String password) {

    @Override
    public String toString() {
        return "RegistryAuth[server=" + server + ", username=" + username + "]";
    }
}
