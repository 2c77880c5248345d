package org.ovm.core.task.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.TaskStepEntity;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.TaskStepView;
import org.ovm.core.task.TaskView;

/**
 * Reads tasks. A task is shown to the user who started it (by user id), to the vdc-admins of the VDC
 * that user belonged to, and to admins. Never by user name: a deleted user's name can be given to a
 * new user, in another VDC too. Tasks written before the ids were stored are shown to admins only.
 */
public final class TaskServiceImpl implements TaskService {

    /**
     * Filters: state, resourceId, resourceType, operation, user; q searches the operation and the
     * target's name; sorts: name (the target's), createdAt (the usual order: newest first),
     * finishedAt, operation, state.
     */
    static final Lists.Spec SPEC = new Lists.Spec(Map.of("state", "state", "resourceId", "resourceId",
            "resourceType", "resourceType", "operation", "operation", "user", "caller"),
            List.of("operation", "resourceName"), Map.of("name", "resourceName", "createdAt", "createdAt",
                    "finishedAt", "finishedAt", "operation", "operation", "state", "state"),
            "createdAt DESC");

    private final Tx tx;
    private final TaskEngine engine;

    public TaskServiceImpl(Tx tx, TaskEngine engine) {
        this.tx = tx;
        this.engine = engine;
    }

    @Override
    public Page<TaskView> list(Caller caller, Filters filters, PageRequest page) {
        return tx.call(em -> Lists.page(em, TaskEntity.class, SPEC, filters, visibleTo(caller), page,
                task -> view(task, List.of()), null));
    }

    @Override
    public TaskView get(Caller caller, String id) {
        return tx.call(em -> {
            TaskEntity task = em.find(TaskEntity.class, id);
            if (task == null || !visible(caller, task)) {
                throw OvmException.notFound("task", id);
            }
            return view(task, steps(em, id));
        });
    }

    @Override
    public TaskView await(Caller caller, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TaskView view = get(caller, id);
            long left = deadline - System.nanoTime();
            if (view.finished() || left <= 0) {
                return view;
            }
            try {
                engine.whenFinished(id).get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return get(caller, id);
            } catch (Exception e) {
                // timed out waiting on the signal: read the task again
            }
        }
    }

    /** True if {@code caller} may read {@code task}. */
    public static boolean visible(Caller caller, TaskEntity task) {
        if (caller.isAdmin()) {
            return true;
        }
        boolean own = caller.userId() != null && caller.userId().equals(task.getCallerId());
        boolean vdcs = caller.role() == Role.VDC_ADMIN && caller.vdcId() != null
                && caller.vdcId().equals(task.getCallerVdcId());
        return own || vdcs;
    }

    /** The same rule as {@link #visible} as list conditions (the {@code user} filter only narrows it). */
    public static List<Lists.Fixed> visibleTo(Caller caller) {
        if (caller.isAdmin()) {
            return List.of();
        }
        // "-" matches no id: a caller without one sees nothing but what its VDC rule allows
        Lists.Condition own = new Lists.Condition("callerId", caller.userId() == null ? "-" : caller.userId());
        if (caller.role() == Role.VDC_ADMIN && caller.vdcId() != null) {
            return List.of(new Lists.AnyOf(List.of(own, new Lists.Condition("callerVdcId", caller.vdcId()))));
        }
        return List.of(own);
    }

    private static List<TaskStepView> steps(EntityManager em, String taskId) {
        List<TaskStepView> steps = new ArrayList<>();
        for (TaskStepEntity step : em.createQuery("SELECT s FROM TaskStepEntity s WHERE s.taskId = ?1 ORDER BY s.idx",
                TaskStepEntity.class).setParameter(1, taskId).getResultList()) {
            steps.add(new TaskStepView(step.getIdx(), step.getName(), step.getState(), step.getError()));
        }
        return steps;
    }

    public static TaskView view(TaskEntity task, List<TaskStepView> steps) {
        return new TaskView(task.getId(), task.getOperation(), task.getResourceId(), task.getResourceType(),
                task.getResourceName(), task.getState(), task.getError(), task.getErrorCode(), task.getCaller(),
                task.getStepsDone(), task.getStepCount(), task.getProgress(), task.getProgressMessage(), steps,
                Times.iso(task.getCreatedAt()), Times.iso(task.getUpdatedAt()),
                task.getFinishedAt() == null ? null : Times.iso(task.getFinishedAt()));
    }
}
