package org.ovm.core.network;

/**
 * A network on one host: the kernel records it when the first NIC of the network is plugged on
 * that host, and removes it when the network is deleted.
 *
 * @param hostId    the host
 * @param hostName  its name, or null when the host was removed from OVM meanwhile
 * @param state     {@code REALIZING}, {@code REALIZED}, {@code FAILED} or {@code REMOVING}
 * @param portRef   where NICs plug in on that host, as the network driver answered (null until realized)
 * @param reason    why realizing or removing failed, or null
 * @param updatedAt when the state last changed (ISO-8601)
 */
public record RealizationView(String hostId, String hostName, String state, String portRef, String reason,
        String updatedAt) {
}
