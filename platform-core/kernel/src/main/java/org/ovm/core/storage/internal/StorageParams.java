package org.ovm.core.storage.internal;

import org.ovm.core.task.internal.TaskParams;

/** The parameters of the storage operations ({@link StorageOperations}, {@link VolumeOperations}). */
public final class StorageParams {

    private StorageParams() {
    }

    /** {@code volume.resize}: the new size and the GiB claimed against the quota for it. */
    public record VolumeResize(long sizeBytes, long quotaDeltaGiB) implements TaskParams {
    }

    /** {@code pool.host-attach} and {@code pool.host-detach} (the task's resource is the pool). */
    public record PoolHost(String hostId) implements TaskParams {
    }

    /** {@code volume.attach} and {@code volume.detach} (the task's resource is the instance). */
    public record VolumeOnInstance(String volumeId) implements TaskParams {
    }

    /**
     * {@code image.register}: a file already in a pool becomes an image.
     *
     * @param properties boot properties as a JSON object
     */
    public record ImageRegister(String name, String kind, String format, String poolId, String volume,
            String properties) implements TaskParams {
    }
}
