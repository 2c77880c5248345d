package org.ovm.core.event;

/** How the action an audit event records ended. */
public enum Outcome {
    /** The action was done (or, for a task, the task succeeded). */
    SUCCEEDED,
    /** The action was tried and failed: a wrong password, a task that failed or was rolled back. */
    FAILED,
    /** The action was not allowed: the caller's role or VDC does not permit it (HTTP 403). */
    REFUSED
}
