package org.ovm.core.storage.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.OvmException;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskAttachSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.storage.VolumeTransferSupport;

/**
 * The data-moving steps volume copies, moves, backups and restores share: a full copy of a file of
 * one pool into another (through {@link VolumeTransferSupport}), pointing a stopped instance's
 * definition from one disk file to another, and deleting a pool's file.
 */
public final class VolumeTransfers {

    /** A file in a pool: what a copy reads (a volume, or a backup). */
    public record Source(String poolId, String name, long sizeBytes, String format) {
    }

    private final PoolTargets pools;
    private final HostTargets hosts;

    public VolumeTransfers(PoolTargets pools, HostTargets hosts) {
        this.pools = pools;
        this.hosts = hosts;
    }

    /**
     * Writes a full copy of {@code source} into pool {@code poolId} as {@code name}: the source's
     * driver says where the engine reads it, the target's driver copies it in. Both must implement
     * {@link VolumeTransferSupport}; an {@code UNSUPPORTED} answer of either is a 409 with its reason.
     */
    public CompletionStage<VolumeInfo> transfer(StepContext ctx, Source source, String poolId, String name) {
        Progress progress = ctx.progress()::report;
        return pools.target(source.poolId(), null, ctx.recovering())
                .thenCompose(from -> pools.target(poolId, null, ctx.recovering()).thenCompose(to -> {
                    VolumeTransferSupport reader = transferOf(from);
                    VolumeTransferSupport writer = transferOf(to);
                    return reader.readUrl(ctx.operation(), from.pool(), from.host(), source.name()).thenCompose(url -> {
                        if (url.isEmpty()) {
                            throw OvmException.conflict(null, "the engine cannot read volume " + source.name()
                                    + " of pool " + from.pool().name()
                                    + " (its host is not this machine); copy it from a pool the engine reaches");
                        }
                        progress.report(0, "copying " + source.name() + " to pool " + to.pool().name());
                        return writer.copyIn(ctx.operation(), to.pool(), to.host(), VolumeSpec.empty(name,
                                source.sizeBytes(), source.format()), url.get(), source.format(), progress);
                    });
                })).exceptionally(error -> {
                    Throwable cause = Failures.unwrap(error);
                    if (cause instanceof DriverException driver && driver.code() == ErrorCode.UNSUPPORTED) {
                        throw OvmException.conflict(null, driver.getMessage());
                    }
                    throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                });
    }

    /**
     * Detaches {@code from} from the (stopped) instance's definition and attaches {@code to} instead;
     * when the attach fails, {@code from} is attached again before the failure is reported.
     */
    public CompletionStage<Void> repoint(StepContext ctx, InstanceEntity instance, DiskSpec from, DiskSpec to) {
        return hosts.target(instance.getHostId(), ctx.recovering()).thenCompose(t -> {
            if (!(t.driver() instanceof DiskAttachSupport disks)) {
                throw OvmException.conflict(null, t.hostType() + " hosts cannot change an instance's disks");
            }
            String id = instance.getBackendId();
            return disks.detachDisk(ctx.operation(), t.endpoint(), id, from.volumePath())
                    .thenCompose(info -> disks.attachDisk(ctx.operation(), t.endpoint(), id, to)
                            .handle((ok, error) -> error == null ? CompletableFuture.completedFuture(ok)
                                    : disks.attachDisk(ctx.operation(), t.endpoint(), id, from)
                                            .handle((back, ignored) -> {
                                                throw error instanceof RuntimeException r ? r
                                                        : new IllegalStateException(error);
                                            }))
                            .thenCompose(next -> next));
        }).thenApply(info -> null);
    }

    /** Deletes a file of a pool through {@code hostId} (null: any host the pool serves); idempotent in the drivers. */
    public CompletionStage<Void> delete(StepContext ctx, String poolId, String hostId, String name) {
        return pools.target(poolId, hostId, ctx.recovering())
                .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(), name));
    }

    private static VolumeTransferSupport transferOf(StorageAccess.Target target) {
        if (target.driver() instanceof VolumeTransferSupport transfer) {
            return transfer;
        }
        throw OvmException.conflict(null, "the storage driver of pool " + target.pool().name() + " ("
                + target.driver().type() + ") cannot copy volumes");
    }
}
