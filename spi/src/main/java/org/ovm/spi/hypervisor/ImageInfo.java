package org.ovm.spi.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image a container host keeps.
 *
 * @param id         the engine's id (a content digest such as {@code sha256:...})
 * @param references the names it goes by ({@code repo:tag}), possibly none
 * @param sizeBytes  its size on the host
 * @param created    when it was built (ISO-8601), or null
 * @param details    further facts (architecture, OS, command); never null
 * @since 1.3
 */
public record ImageInfo(String id, List<String> references, long sizeBytes, String created,
        Map<String, String> details) {

    public ImageInfo {
        Objects.requireNonNull(id, "id");
        references = references == null ? List.of() : List.copyOf(references);
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
