package org.ovm.core.image;

/**
 * What accompanies an uploaded image file.
 *
 * @param name   unique image name
 * @param kind   {@code template} or {@code iso}
 * @param format one of the pool driver's volume formats for templates (default: its first), {@code iso} for ISOs
 * @param poolId the pool to store it in
 */
public record ImageUpload(String name, String kind, String format, String poolId) {
}
