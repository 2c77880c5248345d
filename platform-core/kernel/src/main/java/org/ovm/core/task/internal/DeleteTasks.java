package org.ovm.core.task.internal;

import java.util.List;
import java.util.function.Consumer;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;

/**
 * Starts the delete task of a resource, or answers with the one already queued or running for it
 * (review F16: ten concurrent deletes of one instance were ten tasks, nine of which failed). The
 * resource's row is locked first, so concurrent deletes line up: the first creates the task, and
 * each later one finds it committed.
 */
public final class DeleteTasks {

    private final Tx tx;
    private final TaskEngine engine;

    public DeleteTasks(Tx tx, TaskEngine engine) {
        this.tx = tx;
        this.engine = engine;
    }

    /**
     * What to delete and how to lock its row: {@code lockSql} is a native {@code UPDATE} of the
     * resource's row (it may mark it, e.g. {@code DELETING}) whose parameters are {@code lockValues}
     * followed by the resource's id.
     */
    public record Target(String kind, String name, String id, String vdcId, String operation, String lockSql,
            List<Object> lockValues) {
    }

    /**
     * The running delete of {@code target}, or a new one with {@code params}. No row to lock is a
     * 404. {@code check} runs under the lock before a new task is created and may refuse. A running
     * task the caller may not read is a 409 naming it.
     */
    public TaskView start(Caller caller, Target target, TaskParams params, Consumer<EntityManager> check) {
        boolean[] created = {false};
        TaskEntity task = tx.call(em -> {
            var lock = em.createNativeQuery(target.lockSql());
            for (int i = 0; i < target.lockValues().size(); i++) {
                lock.setParameter(i + 1, target.lockValues().get(i));
            }
            if (lock.setParameter(target.lockValues().size() + 1, target.id()).executeUpdate() == 0) {
                throw OvmException.notFound(target.kind(), target.id());
            }
            TaskEntity running = unfinished(em, target.id(), target.operation());
            if (running != null) {
                if (!TaskServiceImpl.visible(caller, running)) {
                    throw OvmException.conflict(null, target.kind() + " " + target.name()
                            + " is already being deleted by task " + running.getId());
                }
                return running;
            }
            check.accept(em);
            created[0] = true;
            return engine.create(em, target.operation(), target.id(), caller, target.vdcId(), params);
        });
        if (created[0]) {
            engine.start(task);
        }
        return TaskServiceImpl.view(task, List.of());
    }

    /** The oldest queued or running task of {@code operation} on {@code resourceId}, or null. */
    static TaskEntity unfinished(EntityManager em, String resourceId, String operation) {
        List<TaskEntity> found = em.createQuery("SELECT t FROM TaskEntity t WHERE t.resourceId = ?1 AND "
                + "t.operation = ?2 AND (t.state = ?3 OR t.state = ?4) ORDER BY t.createdAt", TaskEntity.class)
                .setParameter(1, resourceId).setParameter(2, operation).setParameter(3, TaskState.QUEUED.name())
                .setParameter(4, TaskState.RUNNING.name()).setMaxResults(1).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }
}
