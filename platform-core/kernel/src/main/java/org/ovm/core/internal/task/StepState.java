package org.ovm.core.internal.task;

/** Step states as persisted. */
public enum StepState {
    PENDING, RUNNING, DONE, FAILED, COMPENSATED, COMPENSATION_FAILED
}
