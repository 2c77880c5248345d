package org.ovm.core.task.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.TaskStepEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.OperationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs durable tasks. A task is persisted with its steps in the same transaction as the change
 * that asked for it; steps run one after another on the task's resource queue, each step's
 * outputs persisted before the next starts. When a step fails, earlier steps are compensated in
 * reverse order. On start, tasks left {@code RUNNING} by a crash are resumed or compensated as
 * their operation says.
 */
public final class TaskEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final Tx tx;
    private final ExecutorService executor;
    private final ResourceQueues queues;
    private final EventPublisher events;
    private final Duration taskTimeout;
    private final Duration compensationRetry;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();

    public TaskEngine(Tx tx, ExecutorService executor, EventPublisher events, Duration taskTimeout,
            Duration compensationRetry) {
        this.tx = tx;
        this.executor = executor;
        this.queues = new ResourceQueues(executor);
        this.events = events;
        this.taskTimeout = taskTimeout;
        this.compensationRetry = compensationRetry;
    }

    public void register(Operation operation) {
        operations.put(operation.name(), operation);
    }

    public ExecutorService executor() {
        return executor;
    }

    /**
     * Persists a new {@code QUEUED} task inside the caller's transaction. Call {@link #start}
     * after the transaction commits.
     */
    public TaskEntity create(EntityManager em, String operationName, String resourceId, Caller caller, String vdcId,
            TaskParams params) {
        Operation operation = operation(operationName);
        long now = Times.now();
        TaskEntity task = new TaskEntity();
        task.setId(Ids.newId());
        task.setOperation(operationName);
        task.setResourceId(resourceId);
        task.setState(TaskState.QUEUED.name());
        task.setCaller(caller.username());
        // who may read it is decided on these ids, never on the name (a deleted user's name can be taken again)
        task.setCallerId(caller.userId());
        task.setCallerVdcId(caller.vdcId());
        task.setCallerSource(caller.source());
        task.setVdcId(vdcId);
        Map<String, String> values = Json.toStrings(params);
        TaskTargets.Target target = TaskTargets.resolve(em, operationName, resourceId, values);
        task.setResourceType(target.type());
        task.setResourceName(target.name());
        task.setParams(Json.write(values));
        task.setStepCount(operation.steps().size());
        task.setCreatedAt(now);
        task.setUpdatedAt(now);
        em.persist(task);
        List<Step> steps = operation.steps();
        for (int i = 0; i < steps.size(); i++) {
            TaskStepEntity step = new TaskStepEntity();
            step.setId(task.getId() + "#" + i);
            step.setTaskId(task.getId());
            step.setIdx(i);
            step.setName(steps.get(i).name());
            step.setState(StepState.PENDING.name());
            step.setUpdatedAt(now);
            em.persist(step);
        }
        return task;
    }

    /** Queues a committed task on its resource's queue. */
    public void start(TaskEntity task) {
        enqueue(task.getId(), task.getResourceId(), false);
    }

    /** Creates and starts a task in a transaction of its own. */
    public TaskEntity submit(String operationName, String resourceId, Caller caller, String vdcId,
            TaskParams params) {
        TaskEntity task = tx.call(em -> create(em, operationName, resourceId, caller, vdcId, params));
        start(task);
        return task;
    }

    /** Whether a task of {@code operation} on {@code resourceId} is queued or running. */
    public static boolean pending(EntityManager em, String resourceId, String operation) {
        return em.createQuery("SELECT COUNT(t) FROM TaskEntity t WHERE t.resourceId = ?1 AND t.operation = ?2 AND "
                + "(t.state = 'QUEUED' OR t.state = 'RUNNING')", Long.class).setParameter(1, resourceId)
                .setParameter(2, operation).getSingleResult() > 0;
    }

    /** Completes when the task has finished (or at once if it already has, or does not exist). */
    public CompletableFuture<Void> whenFinished(String taskId) {
        CompletableFuture<Void> future = finished.computeIfAbsent(taskId, id -> new CompletableFuture<>());
        // it may have finished before this future was registered (finish() stores the state
        // before it completes and drops the waiting future): look once, so none is left behind
        TaskEntity task = tx.call(em -> em.find(TaskEntity.class, taskId));
        if (task == null || TaskState.valueOf(task.getState()).finished()) {
            finished.remove(taskId, future);
            future.complete(null);
        }
        return future;
    }

    /** Resumes or compensates tasks an earlier run of the engine left unfinished. */
    public int recover() {
        List<TaskEntity> pending = tx.call(em -> em.createQuery(
                "SELECT t FROM TaskEntity t WHERE t.state = ?1 OR t.state = ?2 ORDER BY t.createdAt", TaskEntity.class)
                .setParameter(1, TaskState.RUNNING.name()).setParameter(2, TaskState.QUEUED.name()).getResultList());
        for (TaskEntity task : pending) {
            LOG.info("Recovering task {} ({} on {}, {})", task.getId(), task.getOperation(), task.getResourceId(),
                    task.getState());
            enqueue(task.getId(), task.getResourceId(), TaskState.RUNNING.name().equals(task.getState()));
        }
        return pending.size();
    }

    public void shutdown() {
        executor.shutdownNow();
    }

    private Operation operation(String name) {
        Operation operation = operations.get(name);
        if (operation == null) {
            throw new OvmException(OvmError.INTERNAL, "unknown operation " + name);
        }
        return operation;
    }

    private void enqueue(String taskId, String resourceId, boolean recovering) {
        queues.submit(resourceId, () -> execute(taskId, recovering)).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.error("Task {} broke out of the engine", taskId, error);
                finish(taskId, TaskState.FAILED, OvmError.INTERNAL, Failures.message(error));
            }
        });
    }

    /** One task's run: its operation, parameters and accumulated outputs. */
    private final class Run {
        final String taskId;
        final Operation operation;
        final StepContext ctx;
        final List<String> compensationErrors = new ArrayList<>();
        int compensated;

        Run(TaskEntity task, Operation operation, boolean recovering) {
            this.taskId = task.getId();
            this.operation = operation;
            Map<String, String> outputs = new LinkedHashMap<>();
            tx.run(em -> em.createQuery("SELECT s FROM TaskStepEntity s WHERE s.taskId = ?1 ORDER BY s.idx",
                    TaskStepEntity.class).setParameter(1, taskId).getResultList()
                    .forEach(step -> outputs.putAll(Json.read(step.getOutputs()))));
            OperationContext op = new OperationContext(taskId, Instant.now().plus(taskTimeout), task.getCaller(),
                    executor);
            this.ctx = new StepContext(taskId, task.getResourceId(), task.getCaller(), Json.read(task.getParams()),
                    outputs, op, recovering, new ProgressWriter(tx, taskId), task.getCallerSource());
        }
    }

    private CompletionStage<Void> execute(String taskId, boolean recovering) {
        TaskEntity task = tx.call(em -> em.find(TaskEntity.class, taskId));
        if (task == null || TaskState.valueOf(task.getState()).finished()) {
            return CompletableFuture.completedFuture(null);
        }
        Run run = new Run(task, operation(task.getOperation()), recovering);
        int from = task.getStepsDone();
        if (recovering && run.operation.recovery() == Operation.Recovery.COMPENSATE) {
            String interrupted = from < run.operation.steps().size() ? run.operation.steps().get(from).name() : "end";
            String reason = "engine restarted during step '" + interrupted + "'";
            return compensate(run, Math.min(from, run.operation.steps().size() - 1), OvmError.INTERNAL, reason);
        }
        updateTask(taskId, TaskState.RUNNING, null, null);
        return runStep(run, from);
    }

    private CompletionStage<Void> runStep(Run run, int index) {
        List<Step> steps = run.operation.steps();
        if (index >= steps.size()) {
            finish(run.taskId, TaskState.SUCCEEDED, null, null);
            return CompletableFuture.completedFuture(null);
        }
        Step step = steps.get(index);
        updateStep(run.taskId, index, StepState.RUNNING, null, null);
        return invoke(() -> step.run(run.ctx), run.ctx.operation().remaining())
                .handle((outputs, error) -> {
                    if (error == null) {
                        if (outputs != null) {
                            run.ctx.outputs().putAll(outputs);
                        }
                        updateStep(run.taskId, index, StepState.DONE, outputs, null);
                        tx.run(em -> {
                            TaskEntity task = em.find(TaskEntity.class, run.taskId);
                            task.setStepsDone(index + 1);
                            task.setUpdatedAt(Times.now());
                        });
                        return runStep(run, index + 1);
                    }
                    String message = step.name() + ": " + Failures.message(error);
                    LOG.info("Task {} step {} failed: {}", run.taskId, step.name(), Failures.message(error));
                    updateStep(run.taskId, index, StepState.FAILED, null, Failures.message(error));
                    // a backend that became unreachable may have done the step anyway: undo it too
                    // (compensations are idempotent and tolerate a step that never happened)
                    int from = retryable(error) ? index : index - 1;
                    return compensate(run, from, Failures.code(error), message);
                }).thenCompose(next -> next);
    }

    private CompletionStage<Void> compensate(Run run, int index, OvmError code, String reason) {
        if (index < 0) {
            TaskState end = run.compensated > 0 && run.compensationErrors.isEmpty() ? TaskState.ROLLED_BACK
                    : TaskState.FAILED;
            String error = run.compensationErrors.isEmpty() ? reason
                    : reason + "; compensation failed: " + String.join("; ", run.compensationErrors);
            finish(run.taskId, end, code, error);
            return CompletableFuture.completedFuture(null);
        }
        if (!(run.operation.steps().get(index) instanceof CompensableStep step)) {
            return compensate(run, index - 1, code, reason);
        }
        return compensateWithRetry(run, step, System.nanoTime() + compensationRetry.toNanos(), 1)
                .handle((ignored, error) -> {
                    if (error == null) {
                        run.compensated++;
                        updateStep(run.taskId, index, StepState.COMPENSATED, null, null);
                    } else {
                        LOG.warn("Task {}: compensation of {} failed", run.taskId, step.name(), error);
                        run.compensationErrors.add(step.name() + ": " + Failures.message(error));
                        updateStep(run.taskId, index, StepState.COMPENSATION_FAILED, null, Failures.message(error));
                    }
                    return compensate(run, index - 1, code, reason);
                }).thenCompose(next -> next);
    }

    /**
     * Runs a compensation; while it fails because the backend is unreachable (a restarting
     * libvirtd, a network cut), tries again with backoff until {@code deadline}, so nothing a task
     * acquired is left behind when the backend returns.
     */
    private CompletableFuture<Map<String, String>> compensateWithRetry(Run run, CompensableStep step, long deadline,
            int attempt) {
        return invoke(() -> step.compensate(run.ctx).thenApply(v -> Map.<String, String>of()), Duration.ofMinutes(5))
                .handle((ignored, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(Map.<String, String>of());
                    }
                    long delayMillis = Math.min(30_000, 500L << Math.min(attempt, 6));
                    if (!retryable(error) || System.nanoTime() + delayMillis * 1_000_000 > deadline) {
                        return CompletableFuture.<Map<String, String>>failedFuture(error);
                    }
                    LOG.info("Task {}: compensation of {} failed ({}); retrying in {} ms", run.taskId, step.name(),
                            Failures.message(error), delayMillis);
                    return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, executor))
                            .thenCompose(v -> compensateWithRetry(run, step, deadline, attempt + 1));
                }).thenCompose(next -> next);
    }

    static boolean retryable(Throwable error) {
        Throwable cause = Failures.unwrap(error);
        if (cause instanceof DriverException driver) {
            return driver.retryable();
        }
        return Failures.code(error) == OvmError.BACKEND_UNREACHABLE || Failures.code(error) == OvmError.DRIVER_UNAVAILABLE;
    }

    private static CompletableFuture<Map<String, String>> invoke(
            Supplier<CompletionStage<Map<String, String>>> work, Duration timeout) {
        try {
            return work.get().toCompletableFuture().orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void updateStep(String taskId, int index, StepState state, Map<String, String> outputs, String error) {
        tx.run(em -> {
            TaskStepEntity step = em.find(TaskStepEntity.class, taskId + "#" + index);
            step.setState(state.name());
            if (outputs != null && !outputs.isEmpty()) {
                step.setOutputs(Json.write(outputs));
            }
            step.setError(truncate(error));
            step.setUpdatedAt(Times.now());
        });
    }

    private void updateTask(String taskId, TaskState state, OvmError code, String error) {
        tx.run(em -> {
            TaskEntity task = em.find(TaskEntity.class, taskId);
            task.setState(state.name());
            task.setErrorCode(code == null ? null : code.name());
            task.setError(truncate(error));
            task.setUpdatedAt(Times.now());
            task.setFinishedAt(state.finished() ? task.getUpdatedAt() : null);
        });
    }

    private void finish(String taskId, TaskState state, OvmError code, String error) {
        try {
            updateTask(taskId, state, code, error);
            TaskEntity task = tx.call(em -> em.find(TaskEntity.class, taskId));
            events.record("task/" + state.name().toLowerCase(Locale.ROOT), task.getResourceId(), task.getCaller(),
                    task.getCallerSource(), state == TaskState.SUCCEEDED ? Outcome.SUCCEEDED : Outcome.FAILED,
                    task.getVdcId(), "task " + task.getOperation() + " " + state + (error == null ? "" : ": " + error));
        } finally {
            CompletableFuture<Void> waiting = finished.remove(taskId);
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 3900 ? text : text.substring(0, 3900) + "...";
    }
}
