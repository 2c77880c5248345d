package org.ovm.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ClientLimitsTest {

    @Test
    void aClientAtItsLimitIsRefusedUntilOneOfItsRequestsEnds() {
        ClientLimits limits = new ClientLimits();
        assertThat(limits.acquire("10.0.0.1", 2)).isTrue();
        assertThat(limits.acquire("10.0.0.1", 2)).isTrue();
        assertThat(limits.acquire("10.0.0.1", 2)).isFalse();
        assertThat(limits.acquire("10.0.0.2", 2)).as("another client").isTrue();
        limits.release("10.0.0.1");
        assertThat(limits.acquire("10.0.0.1", 2)).isTrue();
        assertThat(limits.held("10.0.0.1")).isEqualTo(2);
    }

    @Test
    void clientsWithNothingInFlightAreForgotten() {
        ClientLimits limits = new ClientLimits();
        limits.acquire("10.0.0.1", 1);
        limits.acquire("10.0.0.1", 1);
        limits.release("10.0.0.1");
        limits.release("10.0.0.1");
        assertThat(limits.clients()).isZero();
        assertThat(limits.held("10.0.0.1")).isZero();
    }

    @Test
    void concurrentAcquiresNeverExceedTheLimit() throws Exception {
        ClientLimits limits = new ClientLimits();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 100; j++) {
                    if (limits.acquire("c", 5)) {
                        taken.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(taken.get()).isEqualTo(5);
        assertThat(limits.held("c")).isEqualTo(5);
    }
}
