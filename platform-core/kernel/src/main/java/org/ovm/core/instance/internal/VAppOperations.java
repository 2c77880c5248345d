package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.instance.VAppState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VAppEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskState;

/**
 * vApp tasks. Deploy: the members' create tasks (written with the request, capacity and quota
 * already claimed) run in parallel; if any failed and the vApp rolls back, every member is
 * deleted; then the members are started one by one in the requested order. Delete removes every
 * member, then the vApp.
 */
public final class VAppOperations {

    public static final String DEPLOY = "vapp.deploy";
    public static final String DELETE = "vapp.delete";
    private static final long POLL_MILLIS = 200;

    private final Tx tx;
    private final TaskEngine engine;
    private final InstanceService instances;
    private final EventPublisher events;

    public VAppOperations(Tx tx, TaskEngine engine, InstanceService instances, EventPublisher events) {
        this.tx = tx;
        this.engine = engine;
        this.instances = instances;
        this.events = events;
    }

    public List<Operation> all() {
        Step create = Step.compensated("create", ctx -> {
            List<String> children = ctx.params(VAppParams.class).createTaskIds();
            for (String child : children) {
                TaskEntity task = tx.call(em -> em.find(TaskEntity.class, child));
                if (task != null && TaskState.QUEUED.name().equals(task.getState())) {
                    engine.start(task);
                }
            }
            return awaitTasks(children).thenApply(states -> {
                List<String> failed = new ArrayList<>();
                for (TaskEntity task : states) {
                    if (!TaskState.SUCCEEDED.name().equals(task.getState())) {
                        failed.add(task.getResourceId() + ": " + task.getError());
                    }
                }
                return Map.of("failed", String.valueOf(failed.size()), "errors", String.join("; ", failed));
            });
        }, ctx -> deleteMembers(ctx.resourceId()));
        Step check = Step.of("check", ctx -> {
            int failed = Integer.parseInt(ctx.output("failed") == null ? "0" : ctx.output("failed"));
            if (failed > 0 && !"keep".equals(ctx.params(VAppParams.class).onFailure())) {
                throw new OvmException(OvmError.BACKEND_FAILURE, failed + " of "
                        + ctx.params(VAppParams.class).createTaskIds().size() + " instances failed, so the vApp is "
                        + "rolled back: " + ctx.output("errors"));
            }
            return CompletableFuture.completedFuture(Map.of());
        });
        Step start = Step.of("start", ctx -> {
            if (!ctx.params(VAppParams.class).start()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (String id : ctx.params(VAppParams.class).startOrderIds()) {
                chain = chain.thenCompose(v -> {
                    InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
                    if (instance == null || instance.getState() == InstanceState.RUNNING) {
                        return CompletableFuture.completedFuture(null);
                    }
                    TaskView started = instances.start(Caller.SYSTEM, id);
                    return awaitTasks(List.of(started.id())).thenAccept(done -> {
                        if (!TaskState.SUCCEEDED.name().equals(done.get(0).getState())) {
                            throw new OvmException(OvmError.BACKEND_FAILURE, "instance " + instance.getName()
                                    + " did not start: " + done.get(0).getError());
                        }
                    });
                });
            }
            return chain.thenApply(v -> Map.of());
        });
        Step finish = Step.of("finish", ctx -> {
            boolean degraded = !"0".equals(ctx.output("failed") == null ? "0" : ctx.output("failed"));
            VAppState state = degraded ? VAppState.DEGRADED : ctx.params(VAppParams.class).start() ? VAppState.RUNNING
                    : VAppState.STOPPED;
            setState(ctx.resourceId(), state);
            events.record("vapp/deployed", ctx.resourceId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null, "vApp deployed: " + state);
            return CompletableFuture.completedFuture(Map.of());
        });
        Step failedState = Step.compensated("deploying", ctx -> CompletableFuture.completedFuture(Map.of()), ctx -> {
            setState(ctx.resourceId(), VAppState.ROLLED_BACK);
            return CompletableFuture.completedFuture(null);
        });
        Step members = Step.of("instances", ctx -> deleteMembers(ctx.resourceId()).thenApply(v -> Map.of()));
        Step remove = Step.of("remove", ctx -> {
            tx.run(em -> {
                VAppEntity vapp = em.find(VAppEntity.class, ctx.resourceId());
                if (vapp != null) {
                    em.remove(vapp);
                }
            });
            return CompletableFuture.completedFuture(Map.of());
        });
        return List.of(new SimpleOperation(DEPLOY, List.of(failedState, create, check, start, finish),
                Operation.Recovery.COMPENSATE), new SimpleOperation(DELETE, List.of(members, remove),
                        Operation.Recovery.RESUME));
    }

    /** Deletes every member still present (with its volumes) and waits for them to be gone. */
    private CompletionStage<Void> deleteMembers(String vappId) {
        return awaitNoCreates(vappId).thenCompose(v -> {
            List<String> deletes = new ArrayList<>();
            for (InstanceEntity member : tx.call(em -> em.createQuery(
                    "SELECT i FROM InstanceEntity i WHERE i.vappId = ?1", InstanceEntity.class)
                    .setParameter(1, vappId).getResultList())) {
                if (member.getState() != InstanceState.DELETING) {
                    deletes.add(instances.delete(Caller.SYSTEM, member.getId(), true).id());
                }
            }
            return awaitTasks(deletes).thenAccept(done -> {
                long left = tx.call(em -> em.createQuery("SELECT COUNT(i) FROM InstanceEntity i WHERE i.vappId = ?1",
                        Long.class).setParameter(1, vappId).getSingleResult());
                if (left > 0) {
                    throw new OvmException(OvmError.BACKEND_FAILURE, left + " instance(s) of the vApp could not be "
                            + "deleted");
                }
            });
        });
    }

    /** Waits until no member is still being created (their own tasks finish or roll back first). */
    private CompletionStage<Void> awaitNoCreates(String vappId) {
        return CompletableFuture.runAsync(() -> {
            while (tx.call(em -> em.createQuery("SELECT COUNT(i) FROM InstanceEntity i WHERE i.vappId = ?1 "
                    + "AND i.state = 'CREATING'", Long.class).setParameter(1, vappId).getSingleResult()) > 0) {
                sleep();
            }
        }, engine.executor());
    }

    /**
     * Waits until all the tasks have finished and returns them: woken by the engine's completion
     * signals, re-reading the tasks at least every {@code POLL_MILLIS} (a signal can be missed when a
     * task ends between the read and the wait).
     */
    private CompletionStage<List<TaskEntity>> awaitTasks(List<String> ids) {
        return CompletableFuture.supplyAsync(() -> {
            while (true) {
                List<TaskEntity> tasks = tx.call(em -> ids.stream().map(id -> em.find(TaskEntity.class, id))
                        .toList());
                CompletableFuture<?>[] pending = tasks.stream().filter(t -> t != null && (TaskState.QUEUED.name().equals(t.getState())
                        || TaskState.RUNNING.name().equals(t.getState()))).map(t -> engine.whenFinished(t.getId()))
                        .toArray(CompletableFuture[]::new);
                if (pending.length == 0) {
                    return tasks.stream().filter(Objects::nonNull).toList();
                }
                try {
                    CompletableFuture.allOf(pending).get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // read the tasks again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OvmException(OvmError.INTERNAL, "interrupted");
                }
            }
        }, engine.executor());
    }

    private void setState(String vappId, VAppState state) {
        tx.run(em -> {
            VAppEntity vapp = em.find(VAppEntity.class, vappId);
            if (vapp != null) {
                vapp.setState(state);
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvmException(OvmError.INTERNAL, "interrupted");
        }
    }
}
