package org.ovm.spi.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;

/** What every contract shares: an executor standing in for the kernel's, contexts and waiting. */
public abstract class ContractSupport {

    /** Per-call timeout; generous for slow backends under software emulation. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    private ExecutorService executor;

    @BeforeEach
    void startExecutor() {
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    protected OperationContext ctx() {
        return new OperationContext("contract-" + UUID.randomUUID(), Instant.now().plus(CALL_TIMEOUT), "contract",
                executor);
    }

    /** A context whose deadline is {@code left} from now. */
    protected OperationContext ctx(Duration left) {
        return new OperationContext("contract-" + UUID.randomUUID(), Instant.now().plus(left), "contract", executor);
    }

    protected static String uniqueName() {
        return "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits for a stage; a failure is rethrown as a CompletionException whose cause is the driver's. */
    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error code a failed call completed with. */
    protected static ErrorCode codeOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (!(cause instanceof DriverException driver)) {
            throw new AssertionError("drivers fail with DriverException, not " + cause, cause);
        }
        return driver.code();
    }
}
