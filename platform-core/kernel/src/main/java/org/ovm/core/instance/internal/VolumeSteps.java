package org.ovm.core.instance.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.storage.internal.StorageAccess;
import org.ovm.core.task.internal.Step;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/**
 * The storage part of an instance's life: at create, its boot disk (empty, or a linked or full
 * clone of a template) when the request asks for one, compensated by deleting it; at delete, its
 * volumes removed (their GiB given back to the VDC's quota) or detached to be kept.
 */
final class VolumeSteps {

    private final Tx tx;
    private final StorageAccess storage;
    private final QuotaClaims quotas;

    VolumeSteps(Tx tx, StorageAccess storage, QuotaClaims quotas) {
        this.tx = tx;
        this.storage = storage;
        this.quotas = quotas;
    }

    /** Creates the boot disk (empty, or a linked or full clone of a template) when the request asks for one. */
    public Step create() {
        return Step.compensated("disk", ctx -> {
            InstanceParams.Create params = ctx.params(InstanceParams.Create.class);
            String poolId = params.storagePoolId();
            if (poolId == null) {
                return CompletableFuture.completedFuture(Map.of());
            }
            InstanceEntity instance = load(ctx.resourceId());
            String imageId = params.imageId();
            ImageEntity image = imageId == null ? null : tx.call(em -> em.find(ImageEntity.class, imageId));
            if (imageId != null && image == null) {
                throw new IllegalStateException("image " + imageId + " is gone");
            }
            boolean linked = image != null && !DiskPlan.FULL.equals(params.cloneMode());
            long bytes = params.diskBytes();
            String name = params.volumeName();
            return storage.target(poolId, ctx.recovering())
                    .thenCompose(t -> {
                        // tasks of engines before 0.2 name no format: the pool driver's default
                        String format = params.volumeFormat() != null ? params.volumeFormat()
                                : t.driver().volumeFormats().get(0);
                        VolumeSpec spec = image == null ? VolumeSpec.empty(name, bytes, format)
                                : new VolumeSpec(name, bytes, format, image.getPath(), image.getFormat(), linked);
                        return t.driver().createVolume(ctx.operation(), t.pool(), t.host(), spec)
                                .thenApply(info -> info.format() != null ? info
                                        : new VolumeInfo(info.name(), info.path(), format, info.sizeBytes(),
                                                info.allocatedBytes(), info.backingPath()));
                    })
                    .thenApply(info -> {
                        VolumeEntity volume = new VolumeEntity();
                        volume.setId(Ids.newId());
                        volume.setName(info.name());
                        volume.setPoolId(poolId);
                        volume.setInstanceId(instance.getId());
                        volume.setVdcId(instance.getVdcId());
                        volume.setSizeBytes(info.sizeBytes());
                        volume.setFormat(info.format());
                        volume.setBackingImageId(linked ? imageId : null);
                        volume.setPath(info.path());
                        volume.setState(VolumeState.ATTACHED);
                        volume.setCreatedAt(Times.now());
                        tx.run(em -> em.persist(volume));
                        return Map.of("volumeId", volume.getId());
                    })
                    .thenCompose(out -> storage.refreshCapacity(poolId, ctx.operation()).thenApply(v -> out));
        }, ctx -> {
            InstanceParams.Create params = ctx.params(InstanceParams.Create.class);
            String poolId = params.storagePoolId();
            if (poolId == null) {
                return CompletableFuture.completedFuture(null);
            }
            String name = params.volumeName();
            return storage.target(poolId, ctx.recovering())
                    .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(), name))
                    .thenRun(() -> tx.run(em -> em.createQuery(
                            "DELETE FROM VolumeEntity v WHERE v.poolId = ?1 AND v.name = ?2")
                            .setParameter(1, poolId).setParameter(2, name).executeUpdate()));
        });
    }


    /** On delete: removes the instance's volumes, or detaches them when asked to keep them. */
    public Step remove() {
        return Step.of("volumes", ctx -> {
            List<VolumeEntity> attached = tx.call(em -> em.createQuery(
                    "SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1", VolumeEntity.class)
                    .setParameter(1, ctx.resourceId()).getResultList());
            if (!ctx.params(InstanceParams.Delete.class).deleteVolumes()) {
                tx.run(em -> attached.forEach(v -> {
                    VolumeEntity volume = em.find(VolumeEntity.class, v.getId());
                    volume.setInstanceId(null);
                    volume.setState(VolumeState.DETACHED);
                }));
                return CompletableFuture.completedFuture(Map.of());
            }
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (VolumeEntity volume : attached) {
                chain = chain.thenCompose(v -> storage.target(volume.getPoolId(), ctx.recovering()))
                        .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(),
                                volume.getName()))
                        .thenRun(() -> tx.run(em -> {
                            VolumeEntity gone = em.find(VolumeEntity.class, volume.getId());
                            if (gone != null) {
                                quotas.release(em, gone.getVdcId(), 0, 0, Sizes.gib(gone.getSizeBytes()), 0);
                                em.remove(gone);
                            }
                        }));
            }
            for (String poolId : attached.stream().map(VolumeEntity::getPoolId).distinct().toList()) {
                chain = chain.thenCompose(v -> storage.refreshCapacity(poolId, ctx.operation()));
            }
            return chain.thenApply(v -> Map.<String, String>of());
        });
    }


    /** The instance's disks, in name order, for its define. */
    public List<DiskSpec> specs(InstanceEntity instance) {
        return tx.call(em -> em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 ORDER BY v.name",
                VolumeEntity.class).setParameter(1, instance.getId()).getResultList()).stream()
                .map(v -> new DiskSpec(v.getPath(), v.getFormat(), null, false)).toList();
    }


    private InstanceEntity load(String id) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
        if (instance == null) {
            throw new IllegalStateException("instance " + id + " is gone from the inventory");
        }
        return instance;
    }
}
