package org.ovm.core.image;

import java.util.Map;

/**
 * What an admin sends to register an image from a file already in a pool.
 *
 * @param name       unique image name
 * @param kind       {@code template} (a disk to clone) or {@code iso} (a CD-ROM)
 * @param format     one of the pool driver's volume formats for templates, {@code iso} for ISOs: checked against the file
 * @param poolId     the pool holding the file
 * @param volume     the file's name in the pool
 * @param properties boot properties for templates without a boot loader: {@code kernel}, {@code initrd},
 *                   {@code cmdline} (absolute paths on the host); and {@code guestId}, the guest OS id its
 *                   instances get unless their create names one ({@code guestOs}; a vSphere guest id)
 */
public record ImageRequest(String name, String kind, String format, String poolId, String volume,
        Map<String, String> properties) {
}
