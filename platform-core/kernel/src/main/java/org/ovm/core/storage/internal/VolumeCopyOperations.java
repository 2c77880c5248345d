package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.BlockCopySupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks that move volume data between pools. {@code volume.copy}: the copy's row and quota
 * were claimed with the request; the target driver writes a full copy from where the source
 * driver says the engine reads it, and a failure deletes the copy and gives the claim back.
 * {@code volume.migrate}: offline (detached, or its instance stopped) the same copy lands in the
 * target pool under the volume's name, the instance's definition is pointed at it, the row moves
 * (same id and name) and the source goes; live (its instance runs) an empty target is created
 * through the instance's host, the hypervisor mirrors the disk onto it and pivots, then the row
 * moves. A failure before the row moved deletes the target and leaves the row as it was.
 */
public final class VolumeCopyOperations {

    public static final String COPY = "volume.copy";
    public static final String MIGRATE = "volume.migrate";

    private static final Logger LOG = LoggerFactory.getLogger(VolumeCopyOperations.class);

    private final Tx tx;
    private final PoolTargets pools;
    private final HostTargets hosts;
    private final EventPublisher events;
    private final QuotaClaims quotas;
    private final BiFunction<String, OperationContext, CompletionStage<Void>> refresh;
    private final VolumeTransfers transfers;

    /**
     * @param refresh reads a pool's capacity into the inventory after its volumes changed (best effort)
     */
    public VolumeCopyOperations(Tx tx, PoolTargets pools, HostTargets hosts, EventPublisher events, QuotaClaims quotas,
            BiFunction<String, OperationContext, CompletionStage<Void>> refresh) {
        this.tx = tx;
        this.pools = pools;
        this.hosts = hosts;
        this.events = events;
        this.quotas = quotas;
        this.refresh = refresh;
        this.transfers = new VolumeTransfers(pools, hosts);
    }

    public List<Operation> all() {
        return List.of(copy(), migrate());
    }

    private Operation copy() {
        Step reserve = SimpleOperations.reserve(ctx -> tx.run(em -> {
            MobilityParams.VolumeCopy params = ctx.params(MobilityParams.VolumeCopy.class);
            VolumeEntity copy = em.find(VolumeEntity.class, params.copyId());
            if (copy != null) {
                quotas.release(em, copy.getVdcId(), 0, 0, params.quotaGiB(), 0);
                em.remove(copy);
            }
        }));
        Step write = Step.compensated("copy", ctx -> {
            MobilityParams.VolumeCopy params = ctx.params(MobilityParams.VolumeCopy.class);
            VolumeEntity source = volume(params.volumeId());
            VolumeEntity copy = volume(params.copyId());
            requireQuiet(source.getId());
            return transfer(ctx, source, copy.getPoolId(), copy.getName()).thenCompose(info -> {
                try {
                    // the copy queues on itself: an instance started meanwhile would have written during the copy
                    requireQuiet(source.getId());
                    return CompletableFuture.completedFuture(info);
                } catch (OvmException e) {
                    // a failed step is not compensated: the copy it wrote goes here
                    return deleteFile(ctx, copy.getPoolId(), null, copy.getName()).handle((v, ignored) -> {
                        throw e;
                    });
                }
            }).thenApply(info -> {
                tx.run(em -> {
                    VolumeEntity current = em.find(VolumeEntity.class, copy.getId());
                    current.setPath(info.path());
                    current.setFormat(info.format() == null ? copy.getFormat() : info.format());
                    current.setState(VolumeState.DETACHED);
                });
                events.record("volume/copied", copy.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED,
                        copy.getVdcId(), "volume " + source.getName() + " copied to " + copy.getName() + " in pool "
                                + poolName(copy.getPoolId()));
                return Map.<String, String>of();
            }).thenCompose(out -> refresh.apply(copy.getPoolId(), ctx.operation()).thenApply(v -> out));
        }, ctx -> {
            VolumeEntity copy = tx.call(em -> em.find(VolumeEntity.class,
                    ctx.params(MobilityParams.VolumeCopy.class).copyId()));
            return copy == null ? CompletableFuture.completedFuture(null)
                    : deleteFile(ctx, copy.getPoolId(), null, copy.getName());
        });
        return new SimpleOperation(COPY, List.of(reserve, write), Operation.Recovery.COMPENSATE);
    }

    private Operation migrate() {
        Step target = Step.compensated("target", ctx -> {
            MobilityParams.VolumeMigrate params = ctx.params(MobilityParams.VolumeMigrate.class);
            VolumeEntity volume = volume(params.volumeId());
            CompletionStage<VolumeInfo> made;
            if (params.live()) {
                // an empty twin the hypervisor mirrors onto, made through the instance's host
                InstanceEntity instance = instance(volume.getInstanceId());
                made = pools.target(params.poolId(), instance.getHostId(), ctx.recovering())
                        .thenCompose(t -> t.driver().createVolume(ctx.operation(), t.pool(), t.host(),
                                VolumeSpec.empty(volume.getName(), volume.getSizeBytes(), volume.getFormat())));
            } else {
                made = transfer(ctx, volume, params.poolId(), volume.getName());
            }
            return made.thenApply(info -> Map.of("targetPath", info.path(), "targetFormat",
                    info.format() == null ? volume.getFormat() : info.format()));
        }, ctx -> {
            MobilityParams.VolumeMigrate params = ctx.params(MobilityParams.VolumeMigrate.class);
            VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, params.volumeId()));
            if (volume == null || params.poolId().equals(volume.getPoolId())) {
                // the row points at the target already: it is the volume now
                return CompletableFuture.completedFuture(null);
            }
            return deleteFile(ctx, params.poolId(), null, volume.getName());
        });
        Step move = Step.compensated("move", ctx -> {
            MobilityParams.VolumeMigrate params = ctx.params(MobilityParams.VolumeMigrate.class);
            VolumeEntity volume = volume(params.volumeId());
            DiskSpec to = new DiskSpec(ctx.output("targetPath"), ctx.output("targetFormat"), null, false);
            if (ctx.resourceId().equals(volume.getId())) {
                // detached when asked (the task queues on the volume, not on an instance)
                requireStillDetached(volume);
                return CompletableFuture.completedFuture(Map.of());
            }
            InstanceEntity instance = instance(ctx.resourceId());
            if (params.live()) {
                Progress progress = ctx.progress()::report;
                return hosts.target(instance.getHostId(), ctx.recovering()).thenCompose(t -> {
                    if (!(t.driver() instanceof BlockCopySupport copier)) {
                        throw OvmException.conflict(null, t.hostType() + " hosts cannot move a running instance's disk");
                    }
                    return copier.copyDisk(ctx.operation(), t.endpoint(), instance.getBackendId(), volume.getPath(),
                            to, progress);
                }).thenApply(info -> Map.of());
            }
            // a stopped instance's definition names the old path: point it at the copy
            return repoint(ctx, instance, new DiskSpec(volume.getPath(), volume.getFormat(), null, false), to)
                    .thenApply(info -> Map.of());
        }, ctx -> {
            MobilityParams.VolumeMigrate params = ctx.params(MobilityParams.VolumeMigrate.class);
            VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, params.volumeId()));
            if (params.live() || volume == null || ctx.resourceId().equals(volume.getId())
                    || params.poolId().equals(volume.getPoolId()) || ctx.output("targetPath") == null) {
                // a failed block copy leaves the guest on its source (the driver aborts the job)
                return CompletableFuture.completedFuture(null);
            }
            InstanceEntity instance = instance(ctx.resourceId());
            return repoint(ctx, instance, new DiskSpec(ctx.output("targetPath"), ctx.output("targetFormat"), null,
                    false), new DiskSpec(volume.getPath(), volume.getFormat(), null, false));
        });
        Step swap = Step.of("switch", ctx -> {
            MobilityParams.VolumeMigrate params = ctx.params(MobilityParams.VolumeMigrate.class);
            Map<String, String> before = tx.call(em -> {
                VolumeEntity current = em.find(VolumeEntity.class, params.volumeId());
                if (current == null) {
                    throw new IllegalStateException("volume " + params.volumeId() + " is gone");
                }
                if (params.poolId().equals(current.getPoolId())) {
                    // resumed after the switch: what it was is in the outputs already
                    return Map.<String, String>of();
                }
                if (ctx.resourceId().equals(current.getId())) {
                    requireStillDetached(current);
                }
                Map<String, String> old = Map.of("sourcePoolId", current.getPoolId(), "sourcePath",
                        current.getPath() == null ? "" : current.getPath());
                current.setPoolId(params.poolId());
                current.setPath(ctx.output("targetPath"));
                current.setFormat(ctx.output("targetFormat"));
                // the copy is self-contained: it no longer depends on the template it was cloned from
                current.setBackingImageId(null);
                return old;
            });
            return CompletableFuture.completedFuture(before);
        });
        Step cleanup = Step.of("cleanup", ctx -> {
            MobilityParams.VolumeMigrate params = ctx.params(MobilityParams.VolumeMigrate.class);
            VolumeEntity volume = volume(params.volumeId());
            String sourcePool = ctx.output("sourcePoolId");
            String message = "volume " + volume.getName() + " moved to pool " + poolName(params.poolId())
                    + (params.live() ? " while its instance ran" : "");
            if (sourcePool == null) {
                return CompletableFuture.completedFuture(Map.of());
            }
            // the volume lives in the target now: a source that will not go is reported, never undone
            return deleteFile(ctx, sourcePool, null, volume.getName()).handle((v, error) -> {
                if (error != null) {
                    LOG.warn("Task {}: the old copy of volume {} in pool {} was not deleted: {}", ctx.taskId(),
                            volume.getName(), sourcePool, Failures.message(error));
                }
                events.record("volume/migrated", volume.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED,
                        volume.getVdcId(), error == null ? message : message + "; its old copy in pool "
                                + poolName(sourcePool) + " could not be deleted: " + Failures.message(error));
                return Map.<String, String>of();
            }).thenCompose(out -> refresh.apply(sourcePool, ctx.operation()))
                    .thenCompose(v -> refresh.apply(params.poolId(), ctx.operation())).thenApply(v -> Map.of());
        });
        return new SimpleOperation(MIGRATE, List.of(target, move, swap, cleanup), Operation.Recovery.COMPENSATE);
    }

    CompletionStage<VolumeInfo> transfer(StepContext ctx, VolumeEntity source, String poolId, String name) {
        return transfers.transfer(ctx, new VolumeTransfers.Source(source.getPoolId(), source.getName(),
                source.getSizeBytes(), source.getFormat()), poolId, name);
    }

    /** The source of a copy must be detached or its instance stopped, before and after the copy. */
    private void requireQuiet(String volumeId) {
        tx.run(em -> {
            VolumeEntity volume = em.find(VolumeEntity.class, volumeId);
            if (volume == null) {
                throw OvmException.conflict(null, "volume " + volumeId + " was deleted while it was copied");
            }
            InstanceEntity user = volume.getInstanceId() == null ? null
                    : em.find(InstanceEntity.class, volume.getInstanceId());
            if (user != null && user.getState() != InstanceState.STOPPED) {
                throw OvmException.conflict(null, "instance " + user.getName() + " is " + user.getState()
                        + ": volume " + volume.getName() + " can only be copied while it is stopped");
            }
        });
    }

    /** A volume detached when its move was asked must still be: an instance may use the old file now. */
    private static void requireStillDetached(VolumeEntity volume) {
        if (volume.getInstanceId() != null) {
            throw OvmException.conflict(null, "volume " + volume.getName() + " was attached to an instance while it "
                    + "was copied; detach it and move it again");
        }
    }

    private CompletionStage<Void> repoint(StepContext ctx, InstanceEntity instance, DiskSpec from, DiskSpec to) {
        return transfers.repoint(ctx, instance, from, to);
    }

    private CompletionStage<Void> deleteFile(StepContext ctx, String poolId, String hostId, String name) {
        return transfers.delete(ctx, poolId, hostId, name);
    }

    private String poolName(String poolId) {
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        return pool == null ? poolId : pool.getName();
    }

    private VolumeEntity volume(String id) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, id));
        if (volume == null) {
            throw new IllegalStateException("volume " + id + " is gone");
        }
        return volume;
    }

    private InstanceEntity instance(String id) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
        if (instance == null) {
            throw new IllegalStateException("instance " + id + " is gone");
        }
        return instance;
    }
}
