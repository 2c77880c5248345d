package org.ovm.core.storage;

/**
 * What an admin sends to add a storage pool, e.g. {@code {name, type: "local",
 * uri: "file:///var/lib/ovm/pool", hostId}}.
 */
public record StoragePoolRequest(String name, String type, String uri, String hostId) {
}
