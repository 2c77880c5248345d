package org.ovm.core.task;

import java.util.List;

/**
 * A durable task as clients see it. {@code resourceType} and {@code resourceName} say what it acts
 * on ({@code instance}, {@code volume}, {@code host}, {@code pool}, {@code image}, {@code vapp},
 * {@code cluster}, {@code plugin}; the name as it was when the task was created, so it stays
 * after the resource is deleted); {@code finishedAt} is null until the task is final.
 */
public record TaskView(String id, String operation, String resourceId, String resourceType, String resourceName,
        String state, String error, String errorCode, String user, int stepsDone, int stepCount, Integer progress,
        String progressMessage, List<TaskStepView> steps, String createdAt, String updatedAt, String finishedAt) {

    /** True once the task can no longer change. */
    public boolean finished() {
        return !"QUEUED".equals(state) && !"RUNNING".equals(state);
    }
}
