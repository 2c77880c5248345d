package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.hypervisor.DiskAttachSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.storage.VolumeSpec;

/** Standalone volume tasks: create, delete, grow, attach to and detach from an instance. */
public final class VolumeOperations {

    public static final String CREATE = "volume.create";
    public static final String DELETE = "volume.delete";
    public static final String RESIZE = "volume.resize";
    public static final String ATTACH = "volume.attach";
    public static final String DETACH = "volume.detach";

    private final Tx tx;
    private final HostAccess hosts;
    private final StorageAccess storage;
    private final EventPublisher events;
    private final QuotaClaims quotas;

    public VolumeOperations(Tx tx, HostAccess hosts, StorageAccess storage, EventPublisher events,
            QuotaClaims quotas) {
        this.quotas = quotas;
        this.tx = tx;
        this.hosts = hosts;
        this.storage = storage;
        this.events = events;
    }

    public List<Operation> all() {
        return List.of(create(),
                SimpleOperations.single(DELETE, "delete", Operation.Recovery.RESUME, this::delete),
                new SimpleOperation(RESIZE, List.of(SimpleOperations.reserve(ctx -> tx.run(em -> {
                    VolumeEntity volume = em.find(VolumeEntity.class, ctx.resourceId());
                    quotas.release(em, volume.getVdcId(), 0, 0, ctx.params(StorageParams.VolumeResize.class).quotaDeltaGiB(), 0);
                })), SimpleOperations.single(RESIZE, "resize", Operation.Recovery.RESUME, this::resize).steps().get(0)),
                        Operation.Recovery.COMPENSATE),
                SimpleOperations.single(ATTACH, "attach", Operation.Recovery.RESUME, ctx -> attachOrDetach(ctx, true)),
                SimpleOperations.single(DETACH, "detach", Operation.Recovery.RESUME, ctx -> attachOrDetach(ctx, false)));
    }

    private Operation create() {
        // the inventory row was created with the request
        Step reserve = SimpleOperations.reserve(ctx -> tx.run(em -> {
            VolumeEntity volume = em.find(VolumeEntity.class, ctx.resourceId());
            if (volume != null) {
                quotas.release(em, volume.getVdcId(), 0, 0, Sizes.gib(volume.getSizeBytes()), 0);
                em.remove(volume);
            }
        }));
        Step make = Step.compensated("create", ctx -> {
            VolumeEntity volume = volume(ctx.resourceId());
            return storage.target(volume.getPoolId(), ctx.recovering())
                    .thenCompose(t -> t.driver().createVolume(ctx.operation(), t.pool(), t.host(),
                            VolumeSpec.empty(volume.getName(), volume.getSizeBytes(), volume.getFormat())))
                    .thenApply(info -> {
                        tx.run(em -> {
                            VolumeEntity current = em.find(VolumeEntity.class, volume.getId());
                            current.setPath(info.path());
                            current.setFormat(info.format() == null ? volume.getFormat() : info.format());
                            current.setState(VolumeState.DETACHED);
                        });
                        events.record("volume/created", volume.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, volume.getVdcId(),
                                "volume " + volume.getName() + " created");
                        return Map.<String, String>of();
                    })
                    .thenCompose(out -> storage.refreshCapacity(volume.getPoolId(), ctx.operation())
                            .thenApply(v -> out));
        }, ctx -> {
            VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, ctx.resourceId()));
            if (volume == null) {
                return CompletableFuture.completedFuture(null);
            }
            return storage.target(volume.getPoolId(), ctx.recovering())
                    .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(),
                            volume.getName()));
        });
        return new SimpleOperation(CREATE, List.of(reserve, make), Operation.Recovery.COMPENSATE);
    }

    private CompletionStage<Map<String, String>> delete(StepContext ctx) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, ctx.resourceId()));
        if (volume == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return storage.target(volume.getPoolId(), ctx.recovering())
                .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(), volume.getName()))
                .thenApply(v -> {
                    tx.run(em -> {
                        VolumeEntity gone = em.find(VolumeEntity.class, volume.getId());
                        if (gone != null) {
                            quotas.release(em, gone.getVdcId(), 0, 0, Sizes.gib(gone.getSizeBytes()), 0);
                            em.remove(gone);
                        }
                    });
                    events.record("volume/deleted", volume.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, volume.getVdcId(),
                            "volume " + volume.getName() + " deleted");
                    return Map.<String, String>of();
                })
                .thenCompose(out -> storage.refreshCapacity(volume.getPoolId(), ctx.operation()).thenApply(v -> out));
    }

    private CompletionStage<Map<String, String>> resize(StepContext ctx) {
        VolumeEntity volume = volume(ctx.resourceId());
        long bytes = ctx.params(StorageParams.VolumeResize.class).sizeBytes();
        return storage.target(volume.getPoolId(), ctx.recovering())
                .thenCompose(t -> t.driver().resizeVolume(ctx.operation(), t.pool(), t.host(), volume.getName(),
                        bytes))
                .thenApply(info -> {
                    tx.run(em -> em.find(VolumeEntity.class, volume.getId()).setSizeBytes(info.sizeBytes()));
                    return Map.<String, String>of();
                })
                .thenCompose(out -> storage.refreshCapacity(volume.getPoolId(), ctx.operation()).thenApply(v -> out));
    }

    private CompletionStage<Map<String, String>> attachOrDetach(StepContext ctx, boolean attach) {
        VolumeEntity volume = volume(ctx.params(StorageParams.VolumeOnInstance.class).volumeId());
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
        return hosts.target(instance.getHostId(), ctx.recovering()).thenCompose(t -> {
            if (!(t.driver() instanceof DiskAttachSupport disks)) {
                throw new IllegalStateException(t.hostType() + " hosts cannot attach volumes");
            }
            return attach ? disks.attachDisk(ctx.operation(), t.endpoint(), instance.getBackendId(),
                    new DiskSpec(volume.getPath(), volume.getFormat(), null, false))
                    : disks.detachDisk(ctx.operation(), t.endpoint(), instance.getBackendId(), volume.getPath());
        }).thenApply(info -> {
            tx.run(em -> {
                VolumeEntity current = em.find(VolumeEntity.class, volume.getId());
                current.setInstanceId(attach ? instance.getId() : null);
                current.setState(attach ? VolumeState.ATTACHED : VolumeState.DETACHED);
            });
            events.record(attach ? "volume/attached" : "volume/detached", volume.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, volume.getVdcId(), "volume " + volume.getName() + (attach ? " attached to " : " detached from ")
                            + instance.getName() + " at " + Times.iso(Times.now()));
            return Map.<String, String>of();
        });
    }


    private VolumeEntity volume(String id) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, id));
        if (volume == null) {
            throw new IllegalStateException("volume " + id + " is gone");
        }
        return volume;
    }
}
