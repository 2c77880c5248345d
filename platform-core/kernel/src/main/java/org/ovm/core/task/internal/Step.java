package org.ovm.core.task.internal;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One step of an {@link Operation}. Its outputs are persisted before the next step runs, so a
 * compensation can undo it even after an engine restart. A step that has something to undo is a
 * {@link CompensableStep}; build steps with {@link #of} and {@link #compensated}.
 */
public interface Step {

    String name();

    /** Does the step's work; the returned outputs are merged into the task's outputs. */
    CompletionStage<Map<String, String>> run(StepContext ctx);

    /** A step with nothing to undo. */
    static Step of(String name, Function<StepContext, CompletionStage<Map<String, String>>> run) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return run.apply(ctx);
            }
        };
    }

    /** A step whose work {@code undo} reverses when a later step fails (see {@link CompensableStep}). */
    static CompensableStep compensated(String name, Function<StepContext, CompletionStage<Map<String, String>>> run,
            Function<StepContext, CompletionStage<Void>> undo) {
        return new CompensableStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return run.apply(ctx);
            }

            @Override
            public CompletionStage<Void> compensate(StepContext ctx) {
                return undo.apply(ctx);
            }
        };
    }
}
