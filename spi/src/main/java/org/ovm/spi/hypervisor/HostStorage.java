package org.ovm.spi.hypervisor;

import java.util.Objects;

/**
 * Storage a host has of its own, which the kernel registers as a storage pool of that host
 * (an ESXi host's datastores). Since 1.4.
 *
 * @param name display name on the host ({@code LocalDS_0}); the pool is named after the host and it
 * @param type the storage type whose {@link org.ovm.spi.storage.StorageDriver} manages it ({@code datastore})
 * @param uri  the pool's uri, as that storage driver understands it
 */
public record HostStorage(String name, String type, String uri) {
    public HostStorage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uri, "uri");
    }
}
