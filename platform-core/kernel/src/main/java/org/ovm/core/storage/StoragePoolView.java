package org.ovm.core.storage;

/** A storage pool as clients see it. */
public record StoragePoolView(String id, String name, String type, String uri, String hostId, String state,
        long totalBytes, long availableBytes, String createdAt) {
}
