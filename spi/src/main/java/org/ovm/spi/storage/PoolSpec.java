package org.ovm.spi.storage;

import java.util.Map;
import java.util.Objects;

/**
 * A storage pool as the kernel knows it.
 *
 * @param poolId   the kernel's id
 * @param name     display name
 * @param uri      where the pool lives ({@code file:///var/lib/ovm/pool}, {@code nfs://server/export})
 * @param settings driver settings; never null
 */
public record PoolSpec(String poolId, String name, String uri, Map<String, String> settings) {

    public PoolSpec {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(uri, "uri");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
