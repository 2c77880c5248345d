package org.ovm.spi.storage;

import java.util.Objects;

/**
 * A volume to create.
 *
 * @param name         unique within the pool; stable across retries of one task
 * @param sizeBytes    virtual size, positive
 * @param format       {@code qcow2}, {@code raw}, {@code vmdk}
 * @param backingPath  a template to clone from, or null for an empty volume
 * @param linkedClone  with a backing path: true for copy-on-write, false for a full copy
 */
public record VolumeSpec(String name, long sizeBytes, String format, String backingPath, boolean linkedClone) {

    public VolumeSpec {
        Objects.requireNonNull(name, "name");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive");
        }
    }
}
