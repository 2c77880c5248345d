package org.ovm.core.task;

import java.util.List;

/** A durable task as clients see it. */
public record TaskView(String id, String operation, String resourceId, String state, String error,
        String errorCode, String user, int stepsDone, int stepCount, Integer progress, String progressMessage,
        List<TaskStepView> steps, String createdAt, String updatedAt) {

    /** True once the task can no longer change. */
    public boolean finished() {
        return !"QUEUED".equals(state) && !"RUNNING".equals(state);
    }
}
