package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.storage.PoolState;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.storage.PoolCapacity;

/** A pool's attach ends UP with its capacity, or ERROR with a reason that is never empty. */
class PoolAttachStateTest {

    private static StoragePoolEntity attaching() {
        StoragePoolEntity pool = new StoragePoolEntity();
        pool.setId("p1");
        pool.setState(PoolState.ATTACHING);
        return pool;
    }

    @Test
    void aFailedAttachStoresTheDriversMessageAsTheReason() {
        StoragePoolEntity pool = attaching();
        StorageOperations.attached(pool, null, new CompletionException(new DriverException(ErrorCode.CONFLICT,
                "directory /var/lib/ovm/pools/local is already used by libvirt pool 'ovm-1234'")));
        assertThat(pool.getState()).isEqualTo(PoolState.ERROR);
        assertThat(pool.getStateReason()).isEqualTo("attaching the pool failed: directory /var/lib/ovm/pools/local "
                + "is already used by libvirt pool 'ovm-1234'");
    }

    @Test
    void aFailureWithoutMessageStillGivesAReason() {
        StoragePoolEntity pool = attaching();
        StorageOperations.attached(pool, null, new IllegalStateException());
        assertThat(pool.getState()).isEqualTo(PoolState.ERROR);
        assertThat(pool.getStateReason()).startsWith("attaching the pool failed: ").hasSizeGreaterThan(30);
        StorageOperations.attached(pool, null, new IllegalStateException(" "));
        assertThat(pool.getStateReason()).contains("no reason given");
    }

    @Test
    void aLongReasonFitsItsColumn() {
        StoragePoolEntity pool = attaching();
        StorageOperations.attached(pool, null, new RuntimeException("x".repeat(5000)));
        assertThat(pool.getStateReason()).hasSize(StorageOperations.MAX_REASON).endsWith("...");
    }

    @Test
    void aSuccessfulAttachIsUpWithItsCapacityAndNoReason() {
        StoragePoolEntity pool = attaching();
        pool.setStateReason("attaching the pool failed: earlier");
        StorageOperations.attached(pool, new PoolCapacity(100, 40), null);
        assertThat(pool.getState()).isEqualTo(PoolState.UP);
        assertThat(pool.getStateReason()).isNull();
        assertThat(pool.getTotalBytes()).isEqualTo(100);
        assertThat(pool.getAvailableBytes()).isEqualTo(40);
    }
}
