package org.ovm.core.image;

import java.util.Map;

/** An image (template or ISO) in the image center. */
public record ImageView(String id, String name, String kind, String format, String poolId, String path,
        long sizeBytes, Map<String, String> properties, String createdAt) {
}
