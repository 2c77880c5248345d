package org.ovm.spi.storage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;

/**
 * Optional: copying whole volumes between pools, also of different types (local to NFS and back).
 * The kernel asks the source pool's driver where the engine can read the volume
 * ({@link #readUrl}) and hands that to the target pool's driver ({@link #copyIn}), which writes a
 * full, self-contained copy (a linked clone is flattened) with {@code qemu-img convert -f <format>}
 * or the like. Volumes are detached (or their instance stopped) while copied.
 *
 * @since 2.1
 */
@ConsumerType
public interface VolumeTransferSupport {

    /**
     * A URL this machine's (the engine's) {@code qemu-img} can read the volume from
     * ({@code file:///var/lib/ovm/pools/local/v1.qcow2}, {@code nfs://10.0.0.5/srv/ovm/v1.qcow2}), or
     * empty when the engine cannot reach the volume directly (a directory on a remote host). Never
     * carries credentials. Read-only; fails with {@code NOT_FOUND} when the volume is not there.
     */
    CompletionStage<Optional<String>> readUrl(OperationContext ctx, PoolSpec pool, HostEndpoint host, String volumeName);

    /**
     * Creates {@code target.name()} in the pool as a full copy of the volume at {@code sourceUrl}
     * (a URL from {@link #readUrl}, of any driver), in {@code target.format()}, with
     * {@code target.sizeBytes()} (the source's virtual size) and no backing file, reporting progress.
     * Fails with {@code CONFLICT} if the name exists, {@code INSUFFICIENT_CAPACITY} when the pool is
     * full, {@code UNSUPPORTED} when this pool's volumes cannot be written from the engine (say why);
     * on any failure (also the deadline) nothing is left in the pool.
     *
     * @param sourceFormat the source's format as the kernel recorded it; never probed
     */
    CompletionStage<VolumeInfo> copyIn(OperationContext ctx, PoolSpec pool, HostEndpoint host, VolumeSpec target,
            String sourceUrl, String sourceFormat, Progress progress);
}
