package org.ovm.core.task.internal;

import java.util.concurrent.CompletionStage;

/** A {@link Step} that can be undone; the engine records and runs its compensation on rollback. */
public interface CompensableStep extends Step {

    /**
     * Undoes the step. Must be idempotent and must tolerate a step that ran only partly (or not
     * at all): the step that was running when the engine crashed, or that failed because its
     * backend became unreachable, is compensated too.
     */
    CompletionStage<Void> compensate(StepContext ctx);
}
