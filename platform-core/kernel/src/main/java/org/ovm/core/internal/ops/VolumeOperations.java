package org.ovm.core.internal.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.internal.Times;
import org.ovm.core.internal.Tx;
import org.ovm.core.internal.event.EventPublisher;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.task.Operation;
import org.ovm.core.internal.task.Step;
import org.ovm.core.internal.task.StepContext;
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
                    quotas.release(em, volume.getVdcId(), 0, 0, Long.parseLong(ctx.requireParam("quotaDeltaGiB")), 0);
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
                quotas.release(em, volume.getVdcId(), 0, 0, gib(volume.getSizeBytes()), 0);
                em.remove(volume);
            }
        }));
        Step make = new Step() {
            @Override
            public String name() {
                return "create";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                VolumeEntity volume = volume(ctx.resourceId());
                return storage.target(volume.getPoolId(), ctx.recovering())
                        .thenCompose(t -> t.driver().createVolume(ctx.operation(), t.pool(), t.host(),
                                VolumeSpec.empty(volume.getName(), volume.getSizeBytes(), "qcow2")))
                        .thenApply(info -> {
                            tx.run(em -> {
                                VolumeEntity current = em.find(VolumeEntity.class, volume.getId());
                                current.setPath(info.path());
                                current.setFormat(info.format() == null ? "qcow2" : info.format());
                                current.setState("DETACHED");
                            });
                            events.publish("volume/created", volume.getId(), ctx.caller(), volume.getVdcId(),
                                    "volume " + volume.getName() + " created");
                            return Map.<String, String>of();
                        })
                        .thenCompose(out -> storage.refreshCapacity(volume.getPoolId(), ctx.operation())
                                .thenApply(v -> out));
            }

            @Override
            public boolean compensable() {
                return true;
            }

            @Override
            public CompletionStage<Void> compensate(StepContext ctx) {
                VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, ctx.resourceId()));
                if (volume == null) {
                    return CompletableFuture.completedFuture(null);
                }
                return storage.target(volume.getPoolId(), ctx.recovering())
                        .thenCompose(t -> t.driver().deleteVolume(ctx.operation(), t.pool(), t.host(),
                                volume.getName()));
            }
        };
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
                            quotas.release(em, gone.getVdcId(), 0, 0, gib(gone.getSizeBytes()), 0);
                            em.remove(gone);
                        }
                    });
                    events.publish("volume/deleted", volume.getId(), ctx.caller(), volume.getVdcId(),
                            "volume " + volume.getName() + " deleted");
                    return Map.<String, String>of();
                })
                .thenCompose(out -> storage.refreshCapacity(volume.getPoolId(), ctx.operation()).thenApply(v -> out));
    }

    private CompletionStage<Map<String, String>> resize(StepContext ctx) {
        VolumeEntity volume = volume(ctx.resourceId());
        long bytes = Long.parseLong(ctx.requireParam("sizeBytes"));
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
        VolumeEntity volume = volume(ctx.requireParam("volumeId"));
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
                current.setState(attach ? "ATTACHED" : "DETACHED");
            });
            events.publish(attach ? "volume/attached" : "volume/detached", volume.getId(), ctx.caller(),
                    volume.getVdcId(), "volume " + volume.getName() + (attach ? " attached to " : " detached from ")
                            + instance.getName() + " at " + Times.iso(Times.now()));
            return Map.<String, String>of();
        });
    }

    private static long gib(long bytes) {
        return org.ovm.core.internal.service.InstanceServiceImpl.gib(bytes);
    }

    private VolumeEntity volume(String id) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, id));
        if (volume == null) {
            throw new IllegalStateException("volume " + id + " is gone");
        }
        return volume;
    }
}
