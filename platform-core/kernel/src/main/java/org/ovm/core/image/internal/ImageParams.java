package org.ovm.core.image.internal;

import org.ovm.core.task.internal.TaskParams;

/** The parameters of the image operations. */
final class ImageParams {

    private ImageParams() {
    }

    /**
     * {@code image.pull}: the full reference (with its registry's address), the hosts (comma-joined)
     * and the registry whose credentials to use, if any.
     */
    record Pull(String reference, String hostIds, String registryId) implements TaskParams {
    }
}
