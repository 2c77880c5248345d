package org.ovm.core.instance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.instance.ContainerRequest;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.NicSteps;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.internal.StorageAccess;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.ContainerSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.ResizeSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;

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
    private final EventPublisher events;
    private final CapacityClaims claims;
    private final QuotaClaims quotas;
    private final NicSteps nics;
    private final VolumeSteps volumes;
    /** Told the backend id of every instance whose row goes (the inventory sync must not revive it). */
    private final Consumer<String> forgotten;

    public InstanceOperations(Tx tx, HostAccess access, StorageAccess storage, EventPublisher events,
            CapacityClaims claims, QuotaClaims quotas, NicSteps nics, Consumer<String> forgotten) {
        this.forgotten = forgotten;
        this.quotas = quotas;
        this.nics = nics;
        this.tx = tx;
        this.access = access;
        this.events = events;
        this.claims = claims;
        this.volumes = new VolumeSteps(tx, storage, quotas);
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
                events.record("instance/resized", instance.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, instance.getVdcId(),
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
                forgotten.accept(instance.getBackendId());
            }
        }));
        Step define = Step.compensated("define", ctx -> {
            InstanceEntity instance = load(ctx);
            List<DiskSpec> disks = new ArrayList<>(volumes.specs(instance));
            String isoId = ctx.params(InstanceParams.Create.class).isoImageId();
            ImageEntity iso = isoId == null ? null : tx.call(em -> em.find(ImageEntity.class, isoId));
            if (iso != null) {
                disks.add(DiskSpec.cdrom(iso.getPath()));
            }
            Map<String, String> properties = bootProperties(instance);
            String guestOs = ctx.params(InstanceParams.Create.class).guestOs();
            if (guestOs != null) {
                properties.put("guestId", guestOs);
            }
            VmSpec spec = new VmSpec(instance.getName(), instance.getCpus(), instance.getMemoryMib(), disks,
                    nics.specs(ctx), properties);
            ContainerRequest container = Json.readObject(ctx.params(InstanceParams.Create.class).container(),
                    ContainerRequest.class);
            return access.target(instance.getHostId(), ctx.recovering())
                    .thenCompose(t -> container == null ? t.driver().define(ctx.operation(), t.endpoint(), spec)
                            : defineContainer(t, ctx, spec, container))
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
            events.record("instance/created", instance.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, instance.getVdcId(),
                    "instance " + instance.getName() + " created (" + state + ")");
            return CompletableFuture.completedFuture(Map.of());
        });
        return new SimpleOperation(CREATE, List.of(reserve, volumes.create(), nics.plug(), define, start, finish), Operation.Recovery.COMPENSATE);
    }

    /** A container's define: its block, with the addresses IPAM gave its NICs. */
    private CompletionStage<InstanceInfo> defineContainer(HostAccess.Target t, StepContext ctx, VmSpec spec,
            ContainerRequest container) {
        if (!(t.driver() instanceof ContainerSupport containers)) {
            throw new DriverException(ErrorCode.UNSUPPORTED, t.hostType() + " hosts do not run containers");
        }
        return containers.defineContainer(ctx.operation(), t.endpoint(), spec,
                ContainerChecks.spec(container, nics.addresses(ctx)));
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
                        events.record("instance/" + stepName, updated.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED,
                                updated.getVdcId(),
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
                    // its snapshot rows go with it (ON DELETE CASCADE), and so does the disk quota they claimed
                    long snapshotGib = em.createQuery("SELECT COALESCE(SUM(s.claimedGib), 0) FROM SnapshotEntity s "
                            + "WHERE s.instanceId = ?1", Number.class).setParameter(1, instance.getId())
                            .getSingleResult().longValue();
                    if (instance.isManaged()) {
                        claims.release(em, instance.getHostId(), instance.getCpus(), instance.getMemoryMib());
                        quotas.release(em, instance.getVdcId(), instance.getCpus(), instance.getMemoryMib(),
                                snapshotGib, 1);
                    } else {
                        quotas.release(em, instance.getVdcId(), 0, 0, snapshotGib, 0);
                    }
                    claims.countInstances(em, instance.getHostId(), -1);
                    em.remove(instance);
                }
                return instance;
            });
            if (removed != null) {
                forgotten.accept(removed.getBackendId());
                events.record("instance/deleted", removed.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, removed.getVdcId(),
                        "instance " + removed.getName() + " deleted");
            }
            return CompletableFuture.completedFuture(Map.of());
        });
        return new SimpleOperation(DELETE, List.of(undefine, volumes.remove(), nics.unplug(), release), Operation.Recovery.RESUME);
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
