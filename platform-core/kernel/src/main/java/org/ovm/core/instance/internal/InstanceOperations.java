package org.ovm.core.instance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.NicSteps;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.storage.internal.StorageAccess;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.ResizeSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/**
 * Instance tasks. Create is transactional: capacity is claimed with the inventory row before
 * the task starts (step {@code reserve}); each later step is compensated in reverse if one
 * fails, and a create interrupted by a crash is rolled back. Power actions and delete are
 * idempotent and resumed after a crash.
 */
public final class InstanceOperations {

    public static final String CREATE = "instance.create";
    public static final String START = "instance.start";
    public static final String STOP = "instance.stop";
    public static final String REBOOT = "instance.reboot";
    public static final String DELETE = "instance.delete";
    public static final String RESIZE = "instance.resize";

    private final Tx tx;
    private final HostAccess access;
    private final StorageAccess storage;
    private final EventPublisher events;
    private final CapacityClaims claims;
    private final QuotaClaims quotas;
    private final NicSteps nics;

    public InstanceOperations(Tx tx, HostAccess access, StorageAccess storage, EventPublisher events,
            CapacityClaims claims, QuotaClaims quotas, NicSteps nics) {
        this.quotas = quotas;
        this.nics = nics;
        this.tx = tx;
        this.access = access;
        this.storage = storage;
        this.events = events;
        this.claims = claims;
    }

    public List<Operation> all() {
        return List.of(create(), power(START, "start", (t, c) -> t.driver().start(c.operation(), t.endpoint(),
                backendId(c))), power(STOP, "stop", (t, c) -> t.driver().stop(stopContext(c), t.endpoint(),
                        backendId(c), c.params(InstanceParams.Stop.class).force() ? StopMode.FORCE
                                : StopMode.GRACEFUL)),
                power(REBOOT, "reboot", (t, c) -> t.driver().reboot(c.operation(), t.endpoint(), backendId(c))),
                delete(), resize());
    }

    /** Resize: the claim of the new size was booked with the request; undone if the backend refuses. */
    private Operation resize() {
        // the new size was claimed with the request
        Step reserve = SimpleOperations.reserve(ctx -> {
            InstanceEntity instance = load(ctx);
            InstanceParams.Resize params = ctx.params(InstanceParams.Resize.class);
            int cpuDelta = params.cpuDelta();
            long memoryDelta = params.memoryDelta();
            tx.run(em -> {
                claims.book(em, instance.getHostId(), -cpuDelta, -memoryDelta);
                quotas.release(em, instance.getVdcId(), cpuDelta, memoryDelta, 0, 0);
            });
        });
        Step apply = Step.of("resize", ctx -> {
            InstanceEntity instance = load(ctx);
            InstanceParams.Resize params = ctx.params(InstanceParams.Resize.class);
            int cpus = params.cpus();
            long memory = params.memoryMiB();
            return access.target(instance.getHostId(), ctx.recovering()).thenCompose(t -> {
                if (!(t.driver() instanceof ResizeSupport resizer)) {
                    throw new IllegalStateException(t.hostType() + " hosts cannot resize");
                }
                return resizer.resize(ctx.operation(), t.endpoint(), backendId(ctx), cpus, memory);
            }).thenApply(info -> {
                tx.run(em -> {
                    InstanceEntity current = em.find(InstanceEntity.class, ctx.resourceId());
                    current.setCpus(cpus);
                    current.setMemoryMib(memory);
                    current.setDetails(Json.write(info.details()));
                    current.setUpdatedAt(Times.now());
                });
                events.publish("instance/resized", instance.getId(), ctx.caller(), instance.getVdcId(),
                        "instance " + instance.getName() + " resized to " + cpus + " vCPUs, " + memory + " MiB");
                return Map.of();
            });
        });
        return new SimpleOperation(RESIZE, List.of(reserve, apply), Operation.Recovery.COMPENSATE);
    }

    private Operation create() {
        // capacity and the inventory row were claimed in the request's transaction
        Step reserve = SimpleOperations.reserve(ctx -> tx.run(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, ctx.resourceId());
            if (instance != null) {
                claims.release(em, instance.getHostId(), instance.getCpus(), instance.getMemoryMib());
                quotas.release(em, instance.getVdcId(), instance.getCpus(), instance.getMemoryMib(),
                        quotaDiskGiB(ctx.params(InstanceParams.Create.class)), 1);
                nics.release(em, instance);
                claims.countInstances(em, instance.getHostId(), -1);
                em.remove(instance);
            }
        }));
        Step define = Step.compensated("define", ctx -> {
            InstanceEntity instance = load(ctx);
            List<DiskSpec> disks = new ArrayList<>(disks(instance));
            String isoId = ctx.params(InstanceParams.Create.class).isoImageId();
            ImageEntity iso = isoId == null ? null : tx.call(em -> em.find(ImageEntity.class, isoId));
            if (iso != null) {
                disks.add(DiskSpec.cdrom(iso.getPath()));
            }
            VmSpec spec = new VmSpec(instance.getName(), instance.getCpus(), instance.getMemoryMib(), disks,
                    nics.specs(ctx), bootProperties(instance));
            return access.target(instance.getHostId(), ctx.recovering())
                    .thenCompose(t -> t.driver().define(ctx.operation(), t.endpoint(), spec))
                    .thenApply(info -> {
                        tx.run(em -> {
                            InstanceEntity defined = em.find(InstanceEntity.class, ctx.resourceId());
                            defined.setBackendId(info.backendId());
                            defined.setDetails(Json.write(info.details()));
                        });
                        return Map.of("backendId", info.backendId());
                    });
        }, ctx -> {
            InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
            if (instance == null) {
                return CompletableFuture.completedFuture(null);
            }
            String known = ctx.output("backendId");
            return access.target(instance.getHostId(), ctx.recovering()).thenCompose(t -> {
                if (known != null) {
                    return t.driver().undefine(ctx.operation(), t.endpoint(), known);
                }
                // interrupted before the id was stored: find the domain by its name
                return t.driver().listInstances(ctx.operation(), t.endpoint()).thenCompose(all -> all.stream()
                        .filter(i -> instance.getName().equals(i.name())).findFirst()
                        .map(i -> t.driver().undefine(ctx.operation(), t.endpoint(), i.backendId()))
                        .orElse(CompletableFuture.completedFuture(null)));
            });
        });
        Step start = Step.of("start", ctx -> {
            if (!ctx.params(InstanceParams.Create.class).start()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            InstanceEntity instance = load(ctx);
            return access.target(instance.getHostId(), ctx.recovering())
                    .thenCompose(t -> t.driver().start(ctx.operation(), t.endpoint(), instance.getBackendId()))
                    .thenApply(info -> Map.of());
        });
        Step finish = Step.of("finish", ctx -> {
            InstanceState state = ctx.params(InstanceParams.Create.class).start() ? InstanceState.RUNNING
                    : InstanceState.STOPPED;
            InstanceEntity instance = setState(ctx.resourceId(), state);
            events.publish("instance/created", instance.getId(), ctx.caller(), instance.getVdcId(),
                    "instance " + instance.getName() + " created (" + state + ")");
            return CompletableFuture.completedFuture(Map.of());
        });
        return new SimpleOperation(CREATE, List.of(reserve, disk(), nics.plug(), define, start, finish), Operation.Recovery.COMPENSATE);
    }

    private Operation power(String name, String stepName,
            BiFunction<HostAccess.Target, StepContext, CompletionStage<InstanceInfo>> action) {
        Step step = Step.of(stepName, ctx -> {
            InstanceEntity instance = load(ctx);
            return access.target(instance.getHostId(), ctx.recovering())
                    .thenCompose(t -> action.apply(t, ctx))
                    .thenApply(info -> {
                        InstanceState state = InstanceState.of(info.state());
                        InstanceEntity updated = setState(ctx.resourceId(), state);
                        tx.run(em -> em.find(InstanceEntity.class, ctx.resourceId())
                                .setDetails(Json.write(info.details())));
                        events.publish("instance/" + stepName, updated.getId(), ctx.caller(), updated.getVdcId(),
                                "instance " + updated.getName() + " " + stepName + ": now " + state);
                        return Map.of("state", state.name());
                    });
        });
        return new SimpleOperation(name, List.of(step), Operation.Recovery.RESUME);
    }

    private Operation delete() {
        Step undefine = Step.of("undefine", ctx -> {
            InstanceEntity instance = load(ctx);
            if (instance.getBackendId() == null) {
                return CompletableFuture.completedFuture(Map.of());
            }
            return access.target(instance.getHostId(), ctx.recovering())
                    .thenCompose(t -> t.driver().undefine(ctx.operation(), t.endpoint(), instance.getBackendId()))
                    .thenApply(v -> Map.of());
        });
        Step release = Step.of("release", ctx -> {
            InstanceEntity removed = tx.call(em -> {
                InstanceEntity instance = em.find(InstanceEntity.class, ctx.resourceId());
                if (instance != null) {
                    if (instance.isManaged()) {
                        claims.release(em, instance.getHostId(), instance.getCpus(), instance.getMemoryMib());
                        quotas.release(em, instance.getVdcId(), instance.getCpus(), instance.getMemoryMib(), 0, 1);
                    }
                    claims.countInstances(em, instance.getHostId(), -1);
                    em.remove(instance);
                }
                return instance;
            });
            if (removed != null) {
                events.publish("instance/deleted", removed.getId(), ctx.caller(), removed.getVdcId(),
                        "instance " + removed.getName() + " deleted");
            }
            return CompletableFuture.completedFuture(Map.of());
        });
        return new SimpleOperation(DELETE, List.of(undefine, volumes(), nics.unplug(), release), Operation.Recovery.RESUME);
    }

    /** Creates the boot disk (empty, or a linked or full clone of a template) when the request asks for one. */
    private Step disk() {
        return Step.compensated("disk", ctx -> {
            InstanceParams.Create params = ctx.params(InstanceParams.Create.class);
            String poolId = params.storagePoolId();
            if (poolId == null) {
                return CompletableFuture.completedFuture(Map.of());
            }
            InstanceEntity instance = load(ctx);
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
    private Step volumes() {
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

    private List<DiskSpec> disks(InstanceEntity instance) {
        return tx.call(em -> em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 ORDER BY v.name",
                VolumeEntity.class).setParameter(1, instance.getId()).getResultList()).stream()
                .map(v -> new DiskSpec(v.getPath(), v.getFormat(), null, false)).toList();
    }

    /** The instance id, plus the boot properties (kernel, initrd, cmdline) of the template it was cloned from. */
    private Map<String, String> bootProperties(InstanceEntity instance) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ovm.instance.id", instance.getId());
        if (instance.getImageId() != null) {
            ImageEntity image = tx.call(em -> em.find(ImageEntity.class, instance.getImageId()));
            if (image != null) {
                properties.putAll(Json.read(image.getProperties()));
            }
        }
        return properties;
    }


    private InstanceEntity load(StepContext ctx) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
        if (instance == null) {
            throw new IllegalStateException("instance " + ctx.resourceId() + " is gone from the inventory");
        }
        return instance;
    }

    /** Default time a guest gets to shut down before its power is cut. */
    public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 60;

    /**
     * A graceful stop's deadline: the guest gets {@code timeoutSeconds} (default 60) to shut down,
     * then the driver cuts power.
     */
    private static OperationContext stopContext(StepContext ctx) {
        Integer timeout = ctx.params(InstanceParams.Stop.class).timeoutSeconds();
        int seconds = timeout == null ? DEFAULT_STOP_TIMEOUT_SECONDS : timeout;
        OperationContext op = ctx.operation();
        // the driver forces the stop a few seconds before the deadline
        return new OperationContext(op.correlationId(),
                Instant.now().plusSeconds(seconds + 5L), op.caller(), op.executor());
    }

    private static String backendId(StepContext ctx) {
        return ctx.params(InstanceParams.Power.class).backendId();
    }

    private InstanceEntity setState(String id, InstanceState state) {
        return tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, id);
            instance.setState(state);
            instance.setUpdatedAt(Times.now());
            return instance;
        });
    }

    private static long quotaDiskGiB(InstanceParams.Create params) {
        return params.quotaDiskGiB() == null ? 0 : params.quotaDiskGiB();
    }
}
