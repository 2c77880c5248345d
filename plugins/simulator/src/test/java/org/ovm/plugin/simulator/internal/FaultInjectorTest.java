package org.ovm.plugin.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

class FaultInjectorTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final FaultInjector faults = new FaultInjector(new SimulatedBackend());
    private final HostEndpoint host = new HostEndpoint("h", "sim://h", null, null, Map.of());

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private OperationContext ctx() {
        return new OperationContext("t", Instant.now().plusSeconds(30), "test", executor);
    }

    private CompletableFuture<String> call(String op) {
        return faults.call(op, ctx(), host, () -> "ok").toCompletableFuture();
    }

    @Test
    void failsExactlyTheNextNCalls() {
        faults.failNext("define", 2);
        assertThatThrownBy(() -> call("define").join()).hasCauseInstanceOf(DriverException.class);
        assertThatThrownBy(() -> call("define").join()).hasCauseInstanceOf(DriverException.class);
        assertThat(call("define").join()).isEqualTo("ok");
        assertThat(call("start").join()).isEqualTo("ok");
        assertThat(faults.calls()).containsEntry("define", 3L).containsEntry("start", 1L);
    }

    @Test
    void delaysTheNextCall() {
        faults.delayNext("start", 1, 300);
        long t0 = System.nanoTime();
        assertThat(call("start").join()).isEqualTo("ok");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(290);
        assertThat(faults.faults()).isEmpty();
    }

    @Test
    void faultsFromTheHostUri() {
        HostEndpoint faulty = new HostEndpoint("h2", "sim://h2?fail.start=1", null, null, Map.of());
        assertThatThrownBy(() -> faults.call("start", ctx(), faulty, () -> "ok").toCompletableFuture().join())
                .hasMessageContaining("simulated failure of start");
        assertThat(faults.call("start", ctx(), faulty, () -> "ok").toCompletableFuture().join()).isEqualTo("ok");
    }
}
