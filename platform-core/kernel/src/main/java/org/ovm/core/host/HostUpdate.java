package org.ovm.core.host;

import java.util.Map;

/**
 * What an admin sends to change a host; omitted (null) fields keep their value.
 *
 * @param name a new unique name
 * @param clusterId the cluster to move the host to (same hypervisor type), {@code ""} to take it out of its
 *        cluster; its instances and their capacity claims move with it
 * @param uri a new endpoint (a credential change: the host is reconnected)
 * @param settings driver settings merged into the host's: a key with a value sets it, a key with
 *        {@code null} removes it
 * @param username a new backend user ({@code ""} clears it and the password)
 * @param password a new backend password, stored encrypted, never shown
 * @param secrets secret driver settings merged like {@code settings} ({@code null} removes one), stored
 *        encrypted, never shown
 */
public record HostUpdate(String name, String clusterId, String uri, Map<String, String> settings, String username,
        String password, Map<String, String> secrets) {

    /** Whether the change touches how the engine reaches the host (it is reconnected then). */
    public boolean changesCredentials() {
        return uri != null || username != null || password != null || secrets != null && !secrets.isEmpty();
    }

    @Override
    public String toString() {
        return "HostUpdate[name=" + name + ", clusterId=" + clusterId + ", uri=" + uri + ", settings=" + settings
                + ", username=" + username + ", password=" + (password == null ? null : "***") + ", secrets="
                + (secrets == null ? null : secrets.keySet()) + "]";
    }
}
