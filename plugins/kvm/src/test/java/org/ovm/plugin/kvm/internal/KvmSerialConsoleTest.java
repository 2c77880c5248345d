package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/** The bound on open serial consoles (each holds a thread of the kernel's executor). */
class KvmSerialConsoleTest {

    @Test
    void noFreeSlotIsAConflictThatSaysWhatToDoAndConnectsNowhere() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Semaphore slots = new Semaphore(0);
            // an unreachable URI: the refusal must come before any connection attempt
            HostEndpoint host = new HostEndpoint("h", "qemu+tcp://192.0.2.1/system", null, null, Map.of());
            OperationContext ctx = new OperationContext("t", Instant.now().plusSeconds(30), "test", executor);
            Throwable failure = catchThrowable(() -> KvmSerialConsole.open(ctx, host, "some-uuid", b -> { }, slots)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).isInstanceOf(DriverException.class)
                    .hasMessageContaining(KvmSerialConsole.MAX_OPEN + " serial consoles are open")
                    .hasMessageContaining("close one");
            assertThat(((DriverException) failure.getCause()).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(slots.availablePermits()).isZero();
        } finally {
            executor.shutdownNow();
        }
    }
}
