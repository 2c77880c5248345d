package org.ovm.spi.hypervisor;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: the host keeps images of its own (container engines), which the image center lists
 * per host and can pull, import and remove.
 *
 * @since 1.3
 */
@ConsumerType
public interface ImageSupport {

    /** Reports how far a pull got. */
    @FunctionalInterface
    interface Progress {
        /**
         * @param percent 0..100
         * @param message what is being done, for operators
         */
        void report(int percent, String message);
    }

    /** Every image on the host. Read-only. */
    CompletionStage<List<ImageInfo>> listImages(OperationContext ctx, HostEndpoint host);

    /** The image a reference (or id) names on the host, or empty. Read-only. */
    CompletionStage<Optional<ImageInfo>> findImage(OperationContext ctx, HostEndpoint host, String reference);

    /**
     * Pulls an image onto the host. Fails with {@code NOT_FOUND} when the registry does not have it,
     * {@code UNAUTHORIZED} when it refuses the credentials, {@code UNREACHABLE} when it cannot be reached.
     *
     * @param auth credentials for the reference's registry, or null
     */
    CompletionStage<ImageInfo> pullImage(OperationContext ctx, HostEndpoint host, String reference, RegistryAuth auth,
            Progress progress);

    /**
     * Loads an image from a tarball ({@code docker save} format, or a root file system to import as
     * {@code reference}). The stream is read to its end before the stage completes.
     */
    CompletionStage<ImageInfo> importImage(OperationContext ctx, HostEndpoint host, String reference,
            InputStream tarball);

    /** Removes an image (by id or reference). Fails with {@code CONFLICT} while a container uses it; idempotent. */
    CompletionStage<Void> removeImage(OperationContext ctx, HostEndpoint host, String image);
}
