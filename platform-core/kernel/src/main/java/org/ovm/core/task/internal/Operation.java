package org.ovm.core.task.internal;

import java.util.List;

/**
 * A kind of durable task (for example {@code instance.create}): its ordered steps and what to do
 * with a task of this kind found {@code RUNNING} after an engine restart.
 */
public interface Operation {

    /** Stable name, stored with every task. */
    String name();

    /** The steps, in order. Stable across engine versions for tasks that may be recovered. */
    List<Step> steps();

    /** How to recover an interrupted task. */
    Recovery recovery();

    enum Recovery {
        /** Run again from the step that was interrupted (its steps are idempotent). */
        RESUME,
        /** Compensate the interrupted step and every step before it, then end {@code ROLLED_BACK}. */
        COMPENSATE
    }
}
