package org.ovm.core.snapshot.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.SnapshotEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.hypervisor.SnapshotSupport;

/**
 * Snapshot tasks, on the instance's queue: take (after the {@code reserve} step, whose compensation
 * gives the claimed disk quota back), revert, delete (which gives it back). All idempotent, so
 * resumed after a crash.
 */
public final class SnapshotOperations {

    public static final String CREATE = "instance.snapshot";
    public static final String REVERT = "instance.revert";
    public static final String DELETE = "instance.snapshot-delete";

    private final Tx tx;
    private final HostAccess access;
    private final EventPublisher events;

    private final QuotaClaims quotas;

    public SnapshotOperations(Tx tx, HostAccess access, EventPublisher events, QuotaClaims quotas) {
        this.tx = tx;
        this.access = access;
        this.events = events;
        this.quotas = quotas;
    }

    public List<Operation> all() {
        // the disk quota was claimed with the request (SnapshotClaims); a snapshot that fails gives it back
        Step reserve = SimpleOperations.reserve(ctx -> tx.run(em -> {
            SnapshotParams params = ctx.params(SnapshotParams.class);
            InstanceEntity instance = em.find(InstanceEntity.class, ctx.resourceId());
            if (instance != null && em.find(SnapshotEntity.class, params.snapshotId()) == null) {
                quotas.release(em, instance.getVdcId(), 0, 0, params.claimed(), 0);
            }
        }));
        return List.of(
                new SimpleOperation(CREATE, List.of(reserve, Step.of("snapshot", this::create)),
                        Operation.Recovery.RESUME),
                SimpleOperations.single(REVERT, "revert", Operation.Recovery.RESUME, this::revert),
                SimpleOperations.single(DELETE, "delete", Operation.Recovery.RESUME, this::delete));
    }

    private CompletionStage<Map<String, String>> create(StepContext ctx) {
        InstanceEntity instance = instance(ctx);
        SnapshotParams params = ctx.params(SnapshotParams.class);
        String name = params.name();
        return snapshots(instance, ctx)
                .thenCompose(s -> s.support().createSnapshot(ctx.operation(), s.target().endpoint(),
                        instance.getBackendId(), name, params.description()))
                .thenApply(info -> {
                    tx.run(em -> {
                        if (em.find(SnapshotEntity.class, params.snapshotId()) == null) {
                            SnapshotEntity snapshot = new SnapshotEntity();
                            snapshot.setId(params.snapshotId());
                            snapshot.setInstanceId(instance.getId());
                            snapshot.setName(name);
                            snapshot.setDescription(info.description());
                            snapshot.setPowerState(info.state().name());
                            snapshot.setCreatedAt(Times.now());
                            snapshot.setClaimedGib(params.claimed());
                            em.persist(snapshot);
                        }
                    });
                    events.record("instance/snapshot", instance.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, instance.getVdcId(),
                            "snapshot " + name + " of " + instance.getName() + " taken");
                    return Map.of();
                });
    }

    private CompletionStage<Map<String, String>> revert(StepContext ctx) {
        InstanceEntity instance = instance(ctx);
        SnapshotEntity snapshot = snapshot(ctx);
        return snapshots(instance, ctx)
                .thenCompose(s -> s.support().revertSnapshot(ctx.operation(), s.target().endpoint(),
                        instance.getBackendId(), snapshot.getName()))
                .thenApply(info -> {
                    tx.run(em -> {
                        InstanceEntity current = em.find(InstanceEntity.class, instance.getId());
                        current.setState(InstanceState.of(info.state()));
                        current.setUpdatedAt(Times.now());
                    });
                    events.record("instance/revert", instance.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, instance.getVdcId(),
                            "instance " + instance.getName() + " reverted to " + snapshot.getName());
                    return Map.of("state", info.state().name());
                });
    }

    private CompletionStage<Map<String, String>> delete(StepContext ctx) {
        InstanceEntity instance = instance(ctx);
        String snapshotId = ctx.params(SnapshotParams.class).snapshotId();
        SnapshotEntity snapshot = tx.call(em -> em.find(SnapshotEntity.class, snapshotId));
        if (snapshot == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return snapshots(instance, ctx)
                .thenCompose(s -> s.support().deleteSnapshot(ctx.operation(), s.target().endpoint(),
                        instance.getBackendId(), snapshot.getName()))
                .thenApply(v -> {
                    tx.run(em -> {
                        SnapshotEntity gone = em.find(SnapshotEntity.class, snapshot.getId());
                        if (gone != null) {
                            quotas.release(em, instance.getVdcId(), 0, 0, gone.getClaimedGib(), 0);
                            em.remove(gone);
                        }
                    });
                    return Map.of();
                });
    }

    private record Snapshots(HostAccess.Target target, SnapshotSupport support) {
    }

    private CompletionStage<Snapshots> snapshots(InstanceEntity instance, StepContext ctx) {
        return access.target(instance.getHostId(), ctx.recovering()).thenApply(target -> {
            if (!(target.driver() instanceof SnapshotSupport support)) {
                throw new OvmException(OvmError.INVALID_INPUT, target.hostType() + " hosts do not support snapshots");
            }
            return new Snapshots(target, support);
        });
    }

    private InstanceEntity instance(StepContext ctx) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
        if (instance == null) {
            throw new IllegalStateException("instance " + ctx.resourceId() + " is gone");
        }
        return instance;
    }

    private SnapshotEntity snapshot(StepContext ctx) {
        String snapshotId = ctx.params(SnapshotParams.class).snapshotId();
        SnapshotEntity snapshot = tx.call(em -> em.find(SnapshotEntity.class, snapshotId));
        if (snapshot == null) {
            throw OvmException.notFound("snapshot", snapshotId);
        }
        return snapshot;
    }
}
