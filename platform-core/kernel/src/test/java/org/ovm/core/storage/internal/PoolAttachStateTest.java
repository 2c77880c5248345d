package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.storage.PoolState;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * A pool's state from its hosts: UP when all attached, ERROR with a reason that is never empty when
 * all failed, DEGRADED naming the hosts that failed otherwise or when its own probe failed.
 */
class PoolAttachStateTest {

    private static StoragePoolEntity attaching() {
        StoragePoolEntity pool = new StoragePoolEntity();
        pool.setId("p1");
        pool.setState(PoolState.ATTACHING);
        return pool;
    }

    private static PoolHostEntity row(String host, PoolHostState state, Throwable error) {
        PoolHostEntity row = new PoolHostEntity();
        row.setPoolId("p1");
        row.setHostId(host);
        row.setState(state);
        row.setReason(error == null ? null : StorageOperations.reason(error));
        return row;
    }

    private static StoragePoolEntity derived(String probeFailure, PoolHostEntity... rows) {
        StoragePoolEntity pool = attaching();
        PoolStates.derive(pool, List.of(rows), probeFailure, id -> "name-" + id);
        return pool;
    }

    @Test
    void aFailedAttachOnTheOnlyHostStoresTheDriversMessageAsTheReason() {
        StoragePoolEntity pool = derived(null, row("h1", PoolHostState.ERROR, new CompletionException(
                new DriverException(ErrorCode.CONFLICT, "directory /var/lib/ovm/pools/local is already used by "
                        + "libvirt pool 'ovm-1234'"))));
        assertThat(pool.getState()).isEqualTo(PoolState.ERROR);
        assertThat(pool.getStateReason()).isEqualTo("attaching the pool failed: directory /var/lib/ovm/pools/local "
                + "is already used by libvirt pool 'ovm-1234'");
    }

    @Test
    void aFailureWithoutMessageStillGivesAReason() {
        assertThat(StorageOperations.reason(new IllegalStateException())).startsWith("attaching the pool failed: ")
                .hasSizeGreaterThan(30);
        assertThat(StorageOperations.reason(new IllegalStateException(" "))).contains("no reason given");
    }

    @Test
    void aLongReasonFitsItsColumn() {
        assertThat(StorageOperations.reason(new RuntimeException("x".repeat(5000))))
                .hasSize(StorageOperations.MAX_REASON).endsWith("...");
        StoragePoolEntity pool = derived(null, row("h1", PoolHostState.UP, null),
                row("h2", PoolHostState.ERROR, new RuntimeException("y".repeat(5000))));
        assertThat(pool.getStateReason()).hasSize(StorageOperations.MAX_REASON);
    }

    @Test
    void attachedEverywhereIsUpWithoutReasonAndHostsStillAttachingChangeNothing() {
        StoragePoolEntity pool = derived(null, row("h1", PoolHostState.UP, null),
                row("h2", PoolHostState.ATTACHING, null));
        assertThat(pool.getState()).isEqualTo(PoolState.UP);
        assertThat(pool.getStateReason()).isNull();
        assertThat(derived(null).getState()).as("no host yet").isEqualTo(PoolState.UP);
    }

    @Test
    void someHostsFailingOrItsProbeFailingDegradeIt() {
        StoragePoolEntity some = derived(null, row("h1", PoolHostState.UP, null),
                row("h2", PoolHostState.ERROR, new RuntimeException("no qemu-block-extra")));
        assertThat(some.getState()).isEqualTo(PoolState.DEGRADED);
        assertThat(some.getStateReason()).isEqualTo("host name-h2: attaching the pool failed: no qemu-block-extra");
        StoragePoolEntity probe = derived("server gone", row("h1", PoolHostState.UNREACHABLE, null));
        assertThat(probe.getState()).isEqualTo(PoolState.DEGRADED);
        assertThat(probe.getStateReason()).isEqualTo("the pool cannot be reached: server gone");
        StoragePoolEntity all = derived(null, row("h1", PoolHostState.ERROR, new RuntimeException("a")),
                row("h2", PoolHostState.ERROR, new RuntimeException("b")));
        assertThat(all.getState()).isEqualTo(PoolState.ERROR);
        assertThat(all.getStateReason()).startsWith("attaching the pool failed on every host: host name-h1: ");
    }
}
