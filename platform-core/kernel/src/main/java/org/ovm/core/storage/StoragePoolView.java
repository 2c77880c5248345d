package org.ovm.core.storage;

/**
 * A storage pool as clients see it; {@code stateReason} says why a pool is in {@code ERROR} (admins
 * only, like the uri and host; null otherwise).
 */
public record StoragePoolView(String id, String name, String type, String uri, String hostId, String state,
        String stateReason, long totalBytes, long availableBytes, String createdAt) {
}
