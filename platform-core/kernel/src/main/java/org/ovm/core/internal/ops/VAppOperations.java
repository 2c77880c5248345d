package org.ovm.core.internal.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.Caller;
import org.ovm.core.InstanceService;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.TaskView;
import org.ovm.core.internal.Tx;
import org.ovm.core.internal.event.EventPublisher;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VAppEntity;
import org.ovm.core.internal.task.Operation;
import org.ovm.core.internal.task.Step;
import org.ovm.core.internal.task.StepContext;
import org.ovm.core.internal.task.TaskEngine;

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
        Step create = new Step() {
            @Override
            public String name() {
                return "create";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                List<String> children = list(ctx.requireParam("createTasks"));
                for (String child : children) {
                    TaskEntity task = tx.call(em -> em.find(TaskEntity.class, child));
                    if (task != null && "QUEUED".equals(task.getState())) {
                        engine.start(task);
                    }
                }
                return awaitTasks(children).thenApply(states -> {
                    List<String> failed = new ArrayList<>();
                    for (TaskEntity task : states) {
                        if (!"SUCCEEDED".equals(task.getState())) {
                            failed.add(task.getResourceId() + ": " + task.getError());
                        }
                    }
                    return Map.of("failed", String.valueOf(failed.size()), "errors", String.join("; ", failed));
                });
            }

            @Override
            public boolean compensable() {
                return true;
            }

            @Override
            public CompletionStage<Void> compensate(StepContext ctx) {
                return deleteMembers(ctx.resourceId());
            }
        };
        Step check = new Step() {
            @Override
            public String name() {
                return "check";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                int failed = Integer.parseInt(ctx.output("failed") == null ? "0" : ctx.output("failed"));
                if (failed > 0 && !"keep".equals(ctx.param("onFailure"))) {
                    throw new OvmException(OvmError.BACKEND_FAILURE, failed + " of "
                            + list(ctx.requireParam("createTasks")).size() + " instances failed, so the vApp is "
                            + "rolled back: " + ctx.output("errors"));
                }
                return CompletableFuture.completedFuture(Map.of());
            }
        };
        Step start = new Step() {
            @Override
            public String name() {
                return "start";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                if (!"true".equals(ctx.param("start"))) {
                    return CompletableFuture.completedFuture(Map.of());
                }
                CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                for (String id : list(ctx.requireParam("startOrder"))) {
                    chain = chain.thenCompose(v -> {
                        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
                        if (instance == null || "RUNNING".equals(instance.getState())) {
                            return CompletableFuture.completedFuture(null);
                        }
                        TaskView started = instances.start(Caller.SYSTEM, id);
                        return awaitTasks(List.of(started.id())).thenAccept(done -> {
                            if (!"SUCCEEDED".equals(done.get(0).getState())) {
                                throw new OvmException(OvmError.BACKEND_FAILURE, "instance " + instance.getName()
                                        + " did not start: " + done.get(0).getError());
                            }
                        });
                    });
                }
                return chain.thenApply(v -> Map.of());
            }
        };
        Step finish = new Step() {
            @Override
            public String name() {
                return "finish";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                boolean degraded = !"0".equals(ctx.output("failed") == null ? "0" : ctx.output("failed"));
                String state = degraded ? "DEGRADED" : "true".equals(ctx.param("start")) ? "RUNNING" : "STOPPED";
                setState(ctx.resourceId(), state);
                events.publish("vapp/deployed", ctx.resourceId(), ctx.caller(), null, "vApp deployed: " + state);
                return CompletableFuture.completedFuture(Map.of());
            }
        };
        Step failedState = new Step() {
            @Override
            public String name() {
                return "deploying";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return CompletableFuture.completedFuture(Map.of());
            }

            @Override
            public boolean compensable() {
                return true;
            }

            @Override
            public CompletionStage<Void> compensate(StepContext ctx) {
                setState(ctx.resourceId(), "ROLLED_BACK");
                return CompletableFuture.completedFuture(null);
            }
        };
        Step members = new Step() {
            @Override
            public String name() {
                return "instances";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return deleteMembers(ctx.resourceId()).thenApply(v -> Map.of());
            }
        };
        Step remove = new Step() {
            @Override
            public String name() {
                return "remove";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                tx.run(em -> {
                    VAppEntity vapp = em.find(VAppEntity.class, ctx.resourceId());
                    if (vapp != null) {
                        em.remove(vapp);
                    }
                });
                return CompletableFuture.completedFuture(Map.of());
            }
        };
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
                if (!"DELETING".equals(member.getState())) {
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
                CompletableFuture<?>[] pending = tasks.stream().filter(t -> t != null && ("QUEUED".equals(t.getState())
                        || "RUNNING".equals(t.getState()))).map(t -> engine.whenFinished(t.getId()))
                        .toArray(CompletableFuture[]::new);
                if (pending.length == 0) {
                    return tasks.stream().filter(java.util.Objects::nonNull).toList();
                }
                try {
                    CompletableFuture.allOf(pending).get(POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // read the tasks again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OvmException(OvmError.INTERNAL, "interrupted");
                }
            }
        }, engine.executor());
    }

    private void setState(String vappId, String state) {
        tx.run(em -> {
            VAppEntity vapp = em.find(VAppEntity.class, vappId);
            if (vapp != null) {
                vapp.setState(state);
            }
        });
    }

    static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
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
