package org.ovm.core.host;

import java.util.Map;

/**
 * What an admin sends to set a host's power management ({@code PUT /hosts/{id}/power-management}), or to
 * test controller settings before saving them.
 *
 * @param type the fence driver's type ({@code ipmi}); required
 * @param address the controller's host name or IP address; required
 * @param port the controller's port (1-65535), or null for the driver's default
 * @param username the user on the controller; required
 * @param password the controller's password, stored encrypted, never shown; null keeps the stored one
 *        (required when none is stored)
 * @param settings the driver's settings, replacing the stored ones (null: none)
 * @param powerOnAfterFence whether a fenced host is powered on again once its HA instances run elsewhere
 *        (null: true, as oVirt restarts a fenced host)
 */
public record PowerManagementRequest(String type, String address, Integer port, String username, String password,
        Map<String, String> settings, Boolean powerOnAfterFence) {

    @Override
    public String toString() {
        return "PowerManagementRequest[type=" + type + ", address=" + address + ", port=" + port + ", username="
                + username + ", password=" + (password == null ? null : "***") + ", settings=" + settings
                + ", powerOnAfterFence=" + powerOnAfterFence + "]";
    }
}
