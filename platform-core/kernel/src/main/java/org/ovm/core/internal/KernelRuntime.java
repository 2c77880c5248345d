package org.ovm.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManagerFactory;

import org.osgi.framework.BundleContext;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.Registries;
import org.ovm.core.task.internal.TaskEngine;

/**
 * What every capability of the kernel shares, opened first by {@link Kernel#start} and closed by
 * {@link Kernel#stop}: transactions, the worker pool (the executor plugins get), the monitors'
 * scheduler, the plugin registries, the event publisher and the task engine.
 */
final class KernelRuntime {

    Tx tx;
    ExecutorService executor;
    ScheduledExecutorService scheduler;
    Registries registries;
    EventPublisher events;
    TaskEngine engine;

    /**
     * Creates each part in turn; a part created before a failure stays in its field, so that
     * {@link #close} still stops it.
     */
    void open(BundleContext context, EntityManagerFactory emf, KernelConfig config) {
        tx = new Tx(emf);
        executor = new ThreadPoolExecutor(64, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("ovm-worker"));
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("ovm-monitor"));
        registries = new Registries(context);
        events = new EventPublisher(tx, executor);
        events.open(context);
        engine = new TaskEngine(tx, executor, events, config.taskTimeout(), config.compensationRetry());
    }

    /** Closes the registries and the event publisher, then stops the scheduler and the workers. */
    void close() {
        if (registries != null) {
            registries.close();
        }
        if (events != null) {
            events.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
