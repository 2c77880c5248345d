package org.ovm.core.task.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourceQueuesTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final ResourceQueues queues = new ResourceQueues(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void workOnOneResourceRunsOneAtATimeInOrder() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            all.add(queues.submit("vm-1", () -> CompletableFuture.runAsync(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(5);
                order.add(n);
                running.decrementAndGet();
            }, executor)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(order).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        // the queue drops the finished resource just after completing the last future: wait for it, bounded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queues.busy() != 0 && System.nanoTime() < deadline) {
            sleep(1);
        }
        assertThat(queues.busy()).isZero();
    }

    @Test
    void differentResourcesRunInParallel() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CompletableFuture<Void> a = queues.submit("vm-a", () -> CompletableFuture.runAsync(() -> await(bothStarted),
                executor));
        CompletableFuture<Void> b = queues.submit("vm-b", () -> CompletableFuture.runAsync(() -> await(bothStarted),
                executor));
        CompletableFuture.allOf(a, b).get(5, TimeUnit.SECONDS);
        assertThat(bothStarted.getCount()).isZero();
    }

    @Test
    void aFailureDoesNotBlockTheQueue() throws Exception {
        CompletableFuture<Void> failing = queues.submit("vm-1", () -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<Void> next = queues.submit("vm-1", () -> CompletableFuture.completedFuture(null));
        next.get(5, TimeUnit.SECONDS);
        assertThat(failing).isCompletedExceptionally();
    }

    private static void await(CountDownLatch latch) {
        latch.countDown();
        try {
            if (!latch.await(3, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other resource never ran in parallel");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
