package org.ovm.core.internal.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.ovm.core.internal.task.Operation;
import org.ovm.core.internal.task.Step;
import org.ovm.core.internal.task.StepContext;

/** Builds one-step operations. */
public final class SimpleOperations {

    private SimpleOperations() {
    }

    /**
     * The first step of an operation whose claim (capacity, inventory row) was made with the
     * request: nothing to run; its compensation gives the claim back.
     */
    public static Step reserve(java.util.function.Consumer<StepContext> release) {
        return new Step() {
            @Override
            public String name() {
                return "reserve";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return java.util.concurrent.CompletableFuture.completedFuture(Map.of());
            }

            @Override
            public boolean compensable() {
                return true;
            }

            @Override
            public CompletionStage<Void> compensate(StepContext ctx) {
                release.accept(ctx);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
    }

    public static Operation single(String name, String stepName, Operation.Recovery recovery,
            Function<StepContext, CompletionStage<Map<String, String>>> work) {
        Step step = new Step() {
            @Override
            public String name() {
                return stepName;
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return work.apply(ctx);
            }
        };
        return new SimpleOperation(name, List.of(step), recovery);
    }
}
