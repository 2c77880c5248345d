package org.ovm.core.instance.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.storage.internal.PoolTargets;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.storage.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disks a shared-nothing live migration takes along ({@code instance.migrate} with a target pool): those the
 * target host does not reach get an empty twin in the target pool, made through the target host before the move
 * (its path and format in the step's outputs {@code carry.<volumeId>.path|format}); the driver copies them while
 * the guest runs; then the volume rows name the twins, and the old files are deleted last (reported, never undone).
 * A move that fails deletes the twins.
 */
final class CarriedDisks {

    private static final Logger LOG = LoggerFactory.getLogger(CarriedDisks.class);

    private final Tx tx;
    private final PoolTargets pools;

    CarriedDisks(Tx tx, PoolTargets pools) {
        this.tx = tx;
        this.pools = pools;
    }

    /** The instance's disks on pools that do not serve the target host. */
    private List<VolumeEntity> moving(String instanceId, String targetHostId) {
        return tx.call(em -> em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 ORDER BY v.name",
                VolumeEntity.class).setParameter(1, instanceId).getResultList().stream()
                .filter(v -> InstanceMigration.unserved(em, List.of(v), targetHostId) != null).toList());
    }

    /** Makes the empty twins in {@code poolId} through the target host. */
    CompletionStage<Map<String, String>> create(StepContext ctx, String poolId, String targetHostId) {
        Map<String, String> out = new LinkedHashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (VolumeEntity volume : moving(ctx.resourceId(), targetHostId)) {
            chain = chain.thenCompose(v -> pools.target(poolId, targetHostId, ctx.recovering()))
                    .thenCompose(t -> t.driver().createVolume(ctx.operation(), t.pool(), t.host(),
                            VolumeSpec.empty(volume.getName(), volume.getSizeBytes(), volume.getFormat())))
                    .thenAccept(info -> {
                        out.put("carry." + volume.getId() + ".path", info.path());
                        out.put("carry." + volume.getId() + ".format", info.format() == null ? volume.getFormat()
                                : info.format());
                    });
        }
        return chain.thenApply(v -> out);
    }

    /** Deletes the twins a failed move made (their rows never named them). */
    CompletionStage<Void> deleteTwins(StepContext ctx, String poolId, String targetHostId) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (VolumeEntity volume : volumes(ctx)) {
            if (poolId.equals(volume.getPoolId())) {
                continue; // the row names the twin: it is the volume now
            }
            chain = chain.thenCompose(v -> pools.target(poolId, targetHostId, ctx.recovering()))
                    .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(), volume.getName()));
        }
        return chain;
    }

    /** The driver's map: each carried disk's current path to its twin. */
    Map<String, DiskSpec> mapping(StepContext ctx) {
        Map<String, DiskSpec> disks = new LinkedHashMap<>();
        for (VolumeEntity volume : volumes(ctx)) {
            disks.put(volume.getPath(), new DiskSpec(ctx.output("carry." + volume.getId() + ".path"),
                    ctx.output("carry." + volume.getId() + ".format"), null, false));
        }
        return disks;
    }

    /**
     * In the transaction that moves the instance's row: the volume rows name their twins (self-contained copies, no
     * template behind them); returns where the old files are ({@code carried.<volumeId>} = pool id).
     */
    Map<String, String> switchRows(EntityManager em, StepContext ctx, String poolId) {
        Map<String, String> old = new LinkedHashMap<>();
        for (VolumeEntity stale : volumes(ctx)) {
            VolumeEntity volume = em.find(VolumeEntity.class, stale.getId());
            old.put("carried." + volume.getId(), volume.getPoolId());
            volume.setPoolId(poolId);
            volume.setPath(ctx.output("carry." + volume.getId() + ".path"));
            volume.setFormat(ctx.output("carry." + volume.getId() + ".format"));
            volume.setBackingImageId(null);
        }
        return old;
    }

    /** Deletes the old files after the move, through the source host; a failure is logged and returned as text. */
    CompletionStage<String> deleteSources(StepContext ctx, String sourceHostId) {
        CompletionStage<String> chain = CompletableFuture.completedFuture("");
        for (Map.Entry<String, String> carried : ctx.outputs().entrySet()) {
            if (!carried.getKey().startsWith("carried.")) {
                continue;
            }
            String volumeId = carried.getKey().substring("carried.".length());
            VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, volumeId));
            if (volume == null) {
                continue;
            }
            chain = chain.thenCompose(failures -> pools.target(carried.getValue(), sourceHostId, ctx.recovering())
                    .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(), volume.getName()))
                    .handle((v, error) -> {
                        if (error == null) {
                            return failures;
                        }
                        LOG.warn("Task {}: the old copy of volume {} was not deleted: {}", ctx.taskId(),
                                volume.getName(), Failures.message(error));
                        return failures + (failures.isEmpty() ? "" : "; ") + "the old copy of volume "
                                + volume.getName() + " was not deleted: " + Failures.message(error);
                    }));
        }
        return chain;
    }

    /** The volumes the {@code volumes} step made twins for (by its outputs). */
    private List<VolumeEntity> volumes(StepContext ctx) {
        return tx.call(em -> ctx.outputs().keySet().stream().filter(k -> k.startsWith("carry.") && k.endsWith(".path"))
                .map(k -> k.substring("carry.".length(), k.length() - ".path".length()))
                .map(id -> em.find(VolumeEntity.class, id)).filter(v -> v != null).toList());
    }
}
