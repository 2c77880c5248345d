package org.ovm.core;

/**
 * What accompanies an uploaded image file.
 *
 * @param name   unique image name
 * @param kind   {@code template} or {@code iso}
 * @param format {@code qcow2} or {@code raw} for templates, {@code iso} for ISOs
 * @param poolId the pool to store it in
 */
public record ImageUpload(String name, String kind, String format, String poolId) {
}
