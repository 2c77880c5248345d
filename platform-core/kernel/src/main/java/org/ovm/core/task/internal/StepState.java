package org.ovm.core.task.internal;

/** Step states as persisted. */
public enum StepState {
    PENDING, RUNNING, DONE, FAILED, COMPENSATED, COMPENSATION_FAILED
}
