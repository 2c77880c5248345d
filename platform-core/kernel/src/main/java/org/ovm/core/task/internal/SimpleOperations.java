package org.ovm.core.task.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;


/** Builds one-step operations. */
public final class SimpleOperations {

    private SimpleOperations() {
    }

    /**
     * The first step of an operation whose claim (capacity, inventory row) was made with the
     * request: nothing to run; its compensation gives the claim back.
     */
    public static Step reserve(Consumer<StepContext> release) {
        return Step.compensated("reserve", ctx -> CompletableFuture.completedFuture(Map.of()), ctx -> {
            release.accept(ctx);
            return CompletableFuture.completedFuture(null);
        });
    }

    public static Operation single(String name, String stepName, Operation.Recovery recovery,
            Function<StepContext, CompletionStage<Map<String, String>>> work) {
        Step step = Step.of(stepName, ctx -> work.apply(ctx));
        return new SimpleOperation(name, List.of(step), recovery);
    }
}
