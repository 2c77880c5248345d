package org.ovm.core.instance.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.NicMigration;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.storage.internal.PoolTargets;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.MigrationSupport;
import org.ovm.spi.hypervisor.StorageMigrationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code instance.migrate}: the target host's capacity was claimed with the request (step
 * {@code reserve}); the NICs' networks are realized and their addresses reserved on the target
 * ({@code network}); the hypervisor driver moves the instance ({@code migrate}: live when it runs,
 * its definition only when stopped) and proves the source no longer has it, and only then does the
 * row name the target and the source's capacity go back; the source's address reservations are
 * dropped last ({@code cleanup}, which reports and never undoes). A failure before the move gives
 * the target's claim and reservations back; the instance stays where it was.
 */
public final class InstanceMigrateOperation {

    public static final String NAME = "instance.migrate";

    private static final Logger LOG = LoggerFactory.getLogger(InstanceMigrateOperation.class);

    /**
     * The task's parameters: where from, where to, the instance's backend id, the pool of the target its disks
     * that the target does not reach are copied onto (null: every disk is shared) and the stream's cap (null: none).
     */
    public record Params(String backendId, String sourceHostId, String targetHostId, String targetPoolId,
            Long bandwidthMiBps) implements TaskParams {
    }

    private final Tx tx;
    private final HostTargets hosts;
    private final NicMigration nics;
    private final CapacityClaims claims;
    private final EventPublisher events;
    private final CarriedDisks carried;

    public InstanceMigrateOperation(Tx tx, HostTargets hosts, NicMigration nics, CapacityClaims claims,
            EventPublisher events, PoolTargets pools) {
        this.carried = new CarriedDisks(tx, pools);
        this.tx = tx;
        this.hosts = hosts;
        this.nics = nics;
        this.claims = claims;
        this.events = events;
    }

    public Operation operation() {
        Step reserve = SimpleOperations.reserve(ctx -> tx.run(em -> {
            Params params = ctx.params(Params.class);
            InstanceEntity instance = em.find(InstanceEntity.class, ctx.resourceId());
            if (instance != null && !moved(instance, params)) {
                claims.release(em, params.targetHostId(), instance.getCpus(), instance.getMemoryMib());
            }
        }));
        Step volumes = Step.compensated("volumes", ctx -> {
            Params params = ctx.params(Params.class);
            return params.targetPoolId() == null || moved(load(ctx), params)
                    ? CompletableFuture.completedFuture(Map.<String, String>of())
                    : carried.create(ctx, params.targetPoolId(), params.targetHostId());
        }, ctx -> {
            Params params = ctx.params(Params.class);
            return params.targetPoolId() == null ? CompletableFuture.completedFuture(null)
                    : carried.deleteTwins(ctx, params.targetPoolId(), params.targetHostId());
        });
        Step network = Step.compensated("network", ctx -> {
            Params params = ctx.params(Params.class);
            return nics.plug(ctx.operation(), ctx.resourceId(), params.targetHostId(), ctx.recovering())
                    .thenApply(ports -> Map.<String, String>of());
        }, ctx -> {
            Params params = ctx.params(Params.class);
            InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
            return instance == null || moved(instance, params) ? CompletableFuture.completedFuture(null)
                    : nics.unplug(ctx.operation(), ctx.resourceId(), params.targetHostId(), ctx.recovering());
        });
        Step migrate = Step.of("migrate", ctx -> {
            Params params = ctx.params(Params.class);
            InstanceEntity instance = load(ctx);
            if (moved(instance, params)) {
                return CompletableFuture.completedFuture(Map.of());
            }
            // the request checked the disks, but a task queued before this one (a disk's move) may have run
            Map<String, DiskSpec> carry = carried.mapping(ctx);
            String unserved = tx.call(em -> InstanceMigration.unserved(em, em.createQuery("SELECT v FROM VolumeEntity "
                    + "v WHERE v.instanceId = ?1", VolumeEntity.class).setParameter(1, instance.getId())
                    .getResultList().stream().filter(v -> !carry.containsKey(v.getPath())).toList(),
                    params.targetHostId()));
            if (unserved != null) {
                throw OvmException.conflict(null, unserved);
            }
            long bandwidth = params.bandwidthMiBps() == null ? 0 : params.bandwidthMiBps();
            Progress progress = ctx.progress()::report;
            return hosts.target(params.sourceHostId(), ctx.recovering())
                    .thenCompose(source -> hosts.target(params.targetHostId(), ctx.recovering()).thenCompose(target -> {
                        if (!(source.driver() instanceof MigrationSupport migration)) {
                            throw OvmException.conflict(null, source.hostType() + " hosts cannot migrate instances");
                        }
                        progress.report(0, "moving " + instance.getName() + " to " + hostName(params.targetHostId()));
                        if (carry.isEmpty() && bandwidth == 0) {
                            return migration.migrate(ctx.operation(), source.endpoint(), target.endpoint(),
                                    params.backendId(), progress);
                        }
                        if (!(migration instanceof StorageMigrationSupport storage)) {
                            throw OvmException.conflict(null, source.hostType() + " hosts cannot take disks along "
                                    + "nor cap a migration");
                        }
                        return storage.migrateWithStorage(ctx.operation(), source.endpoint(), target.endpoint(),
                                params.backendId(), carry, bandwidth, progress);
                    }))
                    .thenApply(info -> {
                        InstanceState state = InstanceState.of(info.state());
                        Map<String, String> old = new LinkedHashMap<>();
                        tx.run(em -> {
                            old.putAll(carried.switchRows(em, ctx, params.targetPoolId()));
                            InstanceEntity current = em.find(InstanceEntity.class, ctx.resourceId());
                            current.setHostId(params.targetHostId());
                            current.setState(state);
                            current.setDetails(Json.write(info.details()));
                            current.setUpdatedAt(Times.now());
                            claims.release(em, params.sourceHostId(), current.getCpus(), current.getMemoryMib());
                            claims.countInstances(em, params.sourceHostId(), -1);
                            claims.countInstances(em, params.targetHostId(), 1);
                        });
                        events.record("instance/migrated", instance.getId(), ctx.caller(), ctx.source(),
                                Outcome.SUCCEEDED, instance.getVdcId(), "instance " + instance.getName() + " moved from "
                                        + hostName(params.sourceHostId()) + " to " + hostName(params.targetHostId())
                                        + " (" + state + ")" + (carry.isEmpty() ? "" : " with its disks "
                                                + "copied to pool " + poolName(params.targetPoolId())));
                        return old;
                    });
        });
        Step cleanup = Step.of("cleanup", ctx -> {
            Params params = ctx.params(Params.class);
            InstanceEntity left = load(ctx);
            // as it was on the source: the policies to remove are there
            left.setHostId(params.sourceHostId());
            return carried.deleteSources(ctx, params.sourceHostId()).thenCompose(failures -> {
                if (!failures.isEmpty()) {
                    events.record("instance/migrated", left.getId(), ctx.caller(), ctx.source(), Outcome.FAILED,
                            left.getVdcId(), "instance " + left.getName() + " moved, but " + failures);
                }
                return nics.unplugPolicies(ctx.operation(), left, ctx.recovering());
            })
                    .thenCompose(v -> nics.unplug(ctx.operation(), ctx.resourceId(), params.sourceHostId(),
                            ctx.recovering()))
                    .handle((v, error) -> {
                        if (error != null) {
                            LOG.warn("Task {}: the NICs of instance {} were not released on host {}: {}", ctx.taskId(),
                                    left.getName(), params.sourceHostId(), Failures.message(error));
                            events.record("instance/migrated", left.getId(), ctx.caller(), ctx.source(),
                                    Outcome.FAILED, left.getVdcId(), "instance " + left.getName() + " moved, but its "
                                            + "addresses were not released on host " + hostName(params.sourceHostId())
                                            + ": " + Failures.message(error));
                        }
                        return Map.<String, String>of();
                    });
        });
        return new SimpleOperation(NAME, List.of(reserve, volumes, network, migrate, cleanup),
                Operation.Recovery.COMPENSATE);
    }

    /** True once the row names the target: the move happened, nothing of the target is to be given back. */
    private static boolean moved(InstanceEntity instance, Params params) {
        return params.targetHostId().equals(instance.getHostId());
    }

    private String poolName(String poolId) {
        StoragePoolEntity pool = poolId == null ? null : tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        return pool == null ? poolId : pool.getName();
    }

    private String hostName(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        return host == null ? hostId : host.getName();
    }

    private InstanceEntity load(StepContext ctx) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
        if (instance == null) {
            throw new IllegalStateException("instance " + ctx.resourceId() + " is gone from the inventory");
        }
        return instance;
    }
}
