package org.ovm.plugin.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;

/** The simulator's snapshots: taken with the power state, reverted to it, idempotent by name. */
class SimulatorSnapshotTest {

    private final SimulatedBackend backend = new SimulatedBackend();
    private final SimulatorHypervisorDriver driver = new SimulatorHypervisorDriver(backend, new FaultInjector(backend));
    private final HostEndpoint host = new HostEndpoint("h1", "sim://h1", null, null, Map.of());
    private final OperationContext ctx = new OperationContext("t", Instant.now().plusSeconds(30), "test",
            ForkJoinPool.commonPool());

    @Test
    void revertReturnsToThePowerStateOfTheSnapshot() throws Exception {
        String id = driver.define(ctx, host, new VmSpec("vm", 1, 128, List.of(), List.of(), Map.of()))
                .toCompletableFuture().get().backendId();
        driver.start(ctx, host, id).toCompletableFuture().get();
        SnapshotInfo taken = driver.createSnapshot(ctx, host, id, "s1", "first").toCompletableFuture().get();
        assertThat(taken.state()).isEqualTo(PowerState.RUNNING);
        assertThat(driver.createSnapshot(ctx, host, id, "s1", "again").toCompletableFuture().get().description())
                .as("idempotent by name").isEqualTo("first");
        driver.stop(ctx, host, id, StopMode.FORCE).toCompletableFuture().get();
        assertThat(driver.revertSnapshot(ctx, host, id, "s1").toCompletableFuture().get().state())
                .isEqualTo(PowerState.RUNNING);
        assertThat(driver.listSnapshots(ctx, host, id).toCompletableFuture().get()).extracting(SnapshotInfo::name)
                .containsExactly("s1");
        driver.deleteSnapshot(ctx, host, id, "s1").toCompletableFuture().get();
        driver.deleteSnapshot(ctx, host, id, "s1").toCompletableFuture().get();
        assertThat(driver.listSnapshots(ctx, host, id).toCompletableFuture().get()).isEmpty();
        assertThatThrownBy(() -> driver.revertSnapshot(ctx, host, id, "s1").toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasMessageContaining("no snapshot s1");
    }
}
