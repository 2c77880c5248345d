package org.ovm.core.storage;

/** A volume as clients see it. */
public record VolumeView(String id, String name, String poolId, String instanceId, String vdcId, long sizeBytes,
        String format, String backingImageId, String path, String state, String createdAt) {
}
