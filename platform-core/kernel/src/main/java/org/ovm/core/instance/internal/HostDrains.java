package org.ovm.core.instance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.Caller;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code host.drain}, started when an admin puts a host that runs instances into maintenance (the host is
 * {@code PREPARING_FOR_MAINTENANCE} meanwhile): moves its running instances, one after the other, to the hosts
 * placement picks among the other {@code UP} hosts of its cluster ({@link InstanceMigration}: live, shared-nothing
 * for disks the target does not reach where the driver can). Once nothing runs there any more the host is
 * {@code MAINTENANCE}; otherwise it stays {@code PREPARING_FOR_MAINTENANCE} and its reason, the task's error and
 * the event {@code host/maintenance-failed} name each instance that did not move and why. Stopped instances stay
 * defined on the host (they cannot start until it is activated). Activating the host stops the drain.
 */
public final class HostDrains {

    public static final String NAME = "host.drain";

    private static final Logger LOG = LoggerFactory.getLogger(HostDrains.class);

    private final Tx tx;
    private final TaskEngine engine;
    private final InstanceMigration migration;
    private final EventPublisher events;

    public HostDrains(Tx tx, TaskEngine engine, InstanceMigration migration, EventPublisher events) {
        this.tx = tx;
        this.engine = engine;
        this.migration = migration;
        this.events = events;
    }

    public Operation operation() {
        return new SimpleOperation(NAME, List.of(Step.of("move", this::drain)), Operation.Recovery.RESUME);
    }

    private CompletionStage<Map<String, String>> drain(StepContext ctx) {
        String hostId = ctx.resourceId();
        List<String> ids = busy(hostId).stream().map(InstanceEntity::getId).toList();
        Map<String, String> refused = new LinkedHashMap<>();
        int[] moved = new int[1];
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String id : ids) {
            chain = chain.thenCompose(v -> moveOne(ctx, hostId, id, ids.size(), moved, refused));
        }
        return chain.thenApply(v -> finish(ctx, hostId, moved[0], refused));
    }

    /** Moves one instance (unless the drain was called off); a refusal or a failed move is recorded, never thrown. */
    private CompletionStage<Void> moveOne(StepContext ctx, String hostId, String instanceId, int total, int[] moved,
            Map<String, String> refused) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, instanceId));
        if (host == null || host.getState() != HostState.PREPARING_FOR_MAINTENANCE || instance == null
                || !hostId.equals(instance.getHostId())) {
            return CompletableFuture.completedFuture(null); // activated again, or it moved or went meanwhile
        }
        ctx.progress().report(100 * (moved[0] + refused.size()) / Math.max(1, total), "moving " + instance.getName());
        TaskView task;
        try {
            task = migration.migrate(Caller.SYSTEM, instanceId, new MigrateRequest(null, null, null));
        } catch (RuntimeException e) {
            refused.put(instance.getName(), Failures.message(e));
            return CompletableFuture.completedFuture(null);
        }
        return engine.whenFinished(task.id()).handle((v, error) -> {
            TaskEntity done = tx.call(em -> em.find(TaskEntity.class, task.id()));
            if (done != null && TaskState.SUCCEEDED.name().equals(done.getState())) {
                moved[0]++;
            } else {
                refused.put(instance.getName(), done == null || done.getError() == null ? "the move failed"
                        : done.getError());
            }
            return null;
        });
    }

    /** MAINTENANCE when nothing runs on the host any more; else the reason names what stayed. */
    private Map<String, String> finish(StepContext ctx, String hostId, int moved, Map<String, String> refused) {
        List<InstanceEntity> left = busy(hostId);
        HostEntity host = tx.call(em -> {
            HostEntity entity = em.find(HostEntity.class, hostId);
            if (entity == null || entity.getState() != HostState.PREPARING_FOR_MAINTENANCE) {
                return null; // activated again: it stays what activation made it
            }
            if (left.isEmpty()) {
                entity.setState(HostState.MAINTENANCE);
                entity.setStateReason("maintenance since " + Instant.ofEpochMilli(Times.now()) + " by "
                        + ctx.caller() + " (" + moved + " instance(s) moved away)");
            } else {
                entity.setStateReason(reason(left, refused));
            }
            return entity;
        });
        if (host == null) {
            return Map.of("moved", String.valueOf(moved), "stopped", "activated again");
        }
        if (left.isEmpty()) {
            events.record("host/maintenance", hostId, ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null, "host "
                    + host.getName() + " is in maintenance: " + moved + " instance(s) moved to other hosts");
            return Map.of("moved", String.valueOf(moved));
        }
        LOG.warn("Task {}: host {} stays PREPARING_FOR_MAINTENANCE: {}", ctx.taskId(), host.getName(),
                host.getStateReason());
        events.record("host/maintenance-failed", hostId, ctx.caller(), ctx.source(), Outcome.FAILED, null, "host "
                + host.getName() + " is not in maintenance yet: " + host.getStateReason());
        throw new IllegalStateException(host.getStateReason());
    }

    static String reason(List<InstanceEntity> left, Map<String, String> refused) {
        List<String> parts = new ArrayList<>();
        for (InstanceEntity instance : left.subList(0, Math.min(5, left.size()))) {
            String why = refused.get(instance.getName());
            parts.add(instance.getName() + (why == null ? " (" + instance.getState() + ")" : ": " + why));
        }
        return "instances still run here: " + String.join("; ", parts) + (left.size() > 5 ? "; and "
                + (left.size() - 5) + " more" : "") + ". Stop or move them, or make room on the other hosts, then "
                + "enter maintenance again (or activate the host)";
    }

    /** The host's instances that are not stopped, by name. */
    private List<InstanceEntity> busy(String hostId) {
        return tx.call(em -> em.createQuery("SELECT i FROM InstanceEntity i WHERE i.hostId = ?1 AND i.state <> "
                + "'STOPPED' AND i.state <> 'MISSING' ORDER BY i.name", InstanceEntity.class).setParameter(1, hostId)
                .getResultList());
    }
}
