package org.ovm.spi.storage;

import java.util.Objects;

/**
 * A volume to create.
 *
 * @param name         unique within the pool; stable across retries of one task
 * @param sizeBytes    virtual size, positive
 * @param format       {@code qcow2}, {@code raw}, {@code vmdk}
 * @param backingPath   a template to clone from, or null for an empty volume
 * @param backingFormat the template's format as recorded in the image center ({@code qcow2},
 *                      {@code raw}); drivers never probe it from the file
 * @param linkedClone   with a backing path: true for copy-on-write, false for a full copy
 */
public record VolumeSpec(String name, long sizeBytes, String format, String backingPath, String backingFormat,
        boolean linkedClone) {

    public VolumeSpec {
        Objects.requireNonNull(name, "name");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive");
        }
        if (backingPath != null && backingFormat == null) {
            throw new IllegalArgumentException("a backing file needs its format");
        }
    }

    /** An empty volume. */
    public static VolumeSpec empty(String name, long sizeBytes, String format) {
        return new VolumeSpec(name, sizeBytes, format, null, null, false);
    }
}
