package org.ovm.plugin.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;

/** The simulator's shared pools: size from the uri, a probe that fails while the uri's marker file exists. */
class SimulatorSharedPoolTest {

    private final FaultInjector faults = new FaultInjector(new SimulatedBackend());
    private final SimulatorStorageDriver driver = new SimulatorStorageDriver(faults);
    private final OperationContext ctx = new OperationContext("t", Instant.now().plusSeconds(30), "test",
            ForkJoinPool.commonPool());

    @Test
    void theProbeFailsUnreachableWhileTheMarkerFileExistsAndHealsWhenItGoes(@TempDir Path dir) throws Exception {
        Path down = dir.resolve("nfs1.down");
        PoolSpec pool = new PoolSpec("p1", "nfs1", "sim://shared/nfs1?totalGiB=10&down=" + down, Map.of());
        PoolCapacity up = driver.probe(ctx, pool).toCompletableFuture().join();
        assertThat(up.totalBytes()).isEqualTo(10L << 30);
        assertThat(up.availableBytes()).isEqualTo(10L << 30);

        Files.createFile(down);
        assertThatThrownBy(() -> driver.probe(ctx, pool).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(DriverException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
                            assertThat(e.getMessage()).contains("does not answer", down.toString());
                        });
        Files.delete(down);
        assertThat(driver.probe(ctx, pool).toCompletableFuture().join().totalBytes()).isEqualTo(10L << 30);
    }

    @Test
    void anInjectedFaultFailsTheNextProbe() {
        PoolSpec pool = new PoolSpec("p2", "plain", "sim://pool", Map.of());
        faults.failNext("probePool", 1);
        assertThatThrownBy(() -> driver.probe(ctx, pool).toCompletableFuture().join())
                .hasMessageContaining("simulated failure of probePool");
        assertThat(driver.probe(ctx, pool).toCompletableFuture().join().totalBytes())
                .isEqualTo(SimulatorStorageDriver.POOL_BYTES);
    }

    @Test
    void unknownOrMalformedQueryParametersAreIgnored() {
        assertThat(SimulatorStorageDriver.query("sim://shared/x?totalGiB=abc&foo=1&down=/d")).isEqualTo(Map.of("down",
                "/d"));
        assertThat(SimulatorStorageDriver.query("not a uri")).isEmpty();
    }
}
