package org.ovm.core.host;

import java.util.Map;

/**
 * A host's power management as clients see it: the out-of-band controller (a BMC) a fence driver
 * switches the host off and on through. The password is never included, only whether one is stored.
 *
 * @param type the fence driver's type ({@code ipmi})
 * @param address the controller's host name or IP address
 * @param port the controller's port, or null for the driver's default (623 for IPMI)
 * @param username the user on the controller
 * @param passwordSet whether a password is stored (encrypted)
 * @param settings the driver's settings (for IPMI {@code interface}, {@code privilege}, {@code cipherSuite},
 *        {@code timeoutSeconds}, {@code retries})
 * @param powerOnAfterFence whether a fenced host is powered on again once its HA instances run elsewhere
 */
public record PowerManagement(String type, String address, Integer port, String username, boolean passwordSet,
        Map<String, String> settings, boolean powerOnAfterFence) {
}
