package org.ovm.core.task.internal;

/** Task states; the last three are final. */
public enum TaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, ROLLED_BACK;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
}
