package org.ovm.plugin.localstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review F8 with a fake pool that behaves as libvirt does: a refresh while a volume is being built
 * fails with "pool has asynchronous jobs running".
 */
class PoolLocksTest {

    /** libvirt's refusal, as the fake pool throws it. */
    static final class Busy extends Exception {
        Busy() {
            super("internal error: pool 'ovm-1' has asynchronous jobs running.");
        }
    }

    /** A pool with libvirt's rule: builds may overlap, a refresh must not overlap a build. */
    static final class FakePool {
        final AtomicInteger building = new AtomicInteger();
        final AtomicInteger maxBuilding = new AtomicInteger();
        final AtomicInteger refreshes = new AtomicInteger();

        String build(String name) throws InterruptedException {
            maxBuilding.accumulateAndGet(building.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
                return name;
            } finally {
                building.decrementAndGet();
            }
        }

        void refresh() throws Busy {
            if (building.get() > 0) {
                throw new Busy();
            }
            refreshes.incrementAndGet();
        }
    }

    private final List<Long> slept = new ArrayList<>();
    private final PoolLocks locks = new PoolLocks(e -> e instanceof Busy, slept::add);
    private final ExecutorService threads = Executors.newFixedThreadPool(24);

    @AfterEach
    void close() {
        threads.shutdownNow();
    }

    @Test
    void buildsRunTogetherAndNoRefreshMeetsOne() throws Exception {
        FakePool pool = new FakePool();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "v" + i;
            done.add(threads.submit(() -> {
                go.await();
                locks.shared("h/ovm-1", () -> pool.build(name));
                // what the kernel does after each create: read the pool's capacity (a refresh)
                return locks.exclusive("h/ovm-1", () -> {
                    pool.refresh();
                    return null;
                });
            }));
        }
        go.countDown();
        for (Future<?> future : done) {
            future.get(10, TimeUnit.SECONDS); // none failed with Busy
        }
        assertThat(pool.refreshes).hasValue(12);
        assertThat(pool.maxBuilding.get()).isGreaterThan(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void poolsDoNotWaitForEachOther() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> locks.exclusive("h/ovm-1", () -> {
            inside.countDown();
            release.await();
            return null;
        }));
        inside.await();

        assertThat(threads.submit(() -> locks.exclusive("h/ovm-2", () -> "other pool")).get(5, TimeUnit.SECONDS))
                .isEqualTo("other pool");
        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aBusyPoolIsRetriedWithABoundedBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = locks.exclusive("h/ovm-1", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new Busy();
            }
            return "refreshed";
        });
        assertThat(result).isEqualTo("refreshed");
        assertThat(slept).containsExactly(100L, 200L);
    }

    @Test
    void aPoolThatStaysBusyFailsAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> locks.exclusive("h/ovm-1", () -> {
            calls.incrementAndGet();
            throw new Busy();
        })).isInstanceOf(Busy.class);
        assertThat(calls).hasValue(PoolLocks.ATTEMPTS);
        assertThat(slept).containsExactly(100L, 200L, 400L, 800L, 1600L);
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> locks.exclusive("h/ovm-1", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("no such volume");
        })).hasMessage("no such volume");
        assertThat(calls).hasValue(1);
    }
}
