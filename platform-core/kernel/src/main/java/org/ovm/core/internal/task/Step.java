package org.ovm.core.internal.task;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One step of an {@link Operation}. Its outputs are persisted before the next step runs, so a
 * compensation can undo it even after an engine restart.
 */
public interface Step {

    String name();

    /** Does the step's work; the returned outputs are merged into the task's outputs. */
    CompletionStage<Map<String, String>> run(StepContext ctx);

    /**
     * Undoes the step. Must be idempotent and must tolerate a step that ran only partly (or not
     * at all): the step that was running when the engine crashed, or that failed because its
     * backend became unreachable, is compensated too.
     */
    default CompletionStage<Void> compensate(StepContext ctx) {
        return CompletableFuture.completedFuture(null);
    }

    /** True if the step has a compensation worth recording. */
    default boolean compensable() {
        return false;
    }
}
