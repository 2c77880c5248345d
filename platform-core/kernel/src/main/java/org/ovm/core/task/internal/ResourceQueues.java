package org.ovm.core.task.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One serial queue per resource: work for one resource runs one item at a time, in submission
 * order; work for different resources runs in parallel. No global lock.
 */
public final class ResourceQueues {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Executor executor;

    public ResourceQueues(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code work} behind earlier work for {@code resource}; the result completes with it. */
    public CompletableFuture<Void> submit(String resource, Supplier<CompletionStage<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> next = tails.compute(resource, (key, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return previous.handle((ignored, error) -> null)
                    .thenComposeAsync(ignored -> invoke(work), executor)
                    .handle((ignored, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(null);
                        }
                        return null;
                    });
        });
        next.whenComplete((ignored, error) -> tails.remove(resource, next));
        return done;
    }

    /** Number of resources with queued or running work. */
    public int busy() {
        return tails.size();
    }

    private static CompletionStage<Void> invoke(Supplier<CompletionStage<Void>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
