package org.ovm.core.image;

import java.util.List;
import java.util.Map;

/**
 * An image in the image center: a template or ISO in a storage pool, or a container image kept
 * by container hosts ({@code kind=container}, its id the engine's content digest, with the
 * {@code references} it goes by and the {@code hostIds} that have it).
 */
public record ImageView(String id, String name, String kind, String format, String poolId, String path,
        long sizeBytes, Map<String, String> properties, String createdAt, List<String> references,
        List<String> hostIds) {

    /** A template or ISO. */
    public ImageView(String id, String name, String kind, String format, String poolId, String path, long sizeBytes,
            Map<String, String> properties, String createdAt) {
        this(id, name, kind, format, poolId, path, sizeBytes, properties, createdAt, List.of(), List.of());
    }
}
