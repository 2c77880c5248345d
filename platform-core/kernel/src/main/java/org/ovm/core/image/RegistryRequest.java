package org.ovm.core.image;

/**
 * What an admin sends to add an image registry (Registry HTTP API v2).
 *
 * @param name     unique name
 * @param url      {@code https://registry.example:5000} (or {@code http://} for a registry without TLS)
 * @param username user for basic authentication, or null
 * @param password its password or token; stored encrypted, never returned
 */
public record RegistryRequest(String name, String url, String username, String password) {

    @Override
    public String toString() {
        return "RegistryRequest[name=" + name + ", url=" + url + ", username=" + username + "]";
    }
}
