package org.ovm.plugin.docker.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.ovm.spi.common.OperationContext;

/** Blocking engine calls run on the operation's executor; failures come back in the SPI's terms. */
final class Async {

    private Async() {
    }

    static <T> CompletionStage<T> call(OperationContext ctx, String what, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                throw DockerErrors.translate(what, e);
            }
        }, ctx.executor());
    }

    static CompletionStage<Void> run(OperationContext ctx, String what, Runnable work) {
        return call(ctx, what, () -> {
            work.run();
            return null;
        });
    }
}
