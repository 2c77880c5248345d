package org.ovm.spi.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the kernel hands to every SPI call: a correlation id for logs, a deadline, the caller
 * on whose behalf the call runs and the kernel's executor. Plugins create no thread pools of
 * their own; blocking backend calls run on {@link #executor()}.
 *
 * @param correlationId id of the task (or request) the call belongs to; never null
 * @param deadline      instant after which the caller no longer waits; never null
 * @param caller        user name on whose behalf the call runs ({@code system} for the engine)
 * @param executor      the kernel's executor for blocking work; never null
 */
public record OperationContext(String correlationId, Instant deadline, String caller, Executor executor) {

    public OperationContext {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(executor, "executor");
    }

    /** Time left before the deadline, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** True once the deadline has passed. */
    public boolean expired() {
        return !Instant.now().isBefore(deadline);
    }
}
