package org.ovm.plugin.localstorage.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Serializes what libvirt refuses to run beside a volume build in one pool (review F8: twelve
 * concurrent creates, each refreshing the pool first, and six failed with "pool has asynchronous
 * jobs running"). Volume builds, uploads and resizes share a pool; a refresh (and anything that
 * needs one: capacity, inspect, delete, attach, detach) runs alone in its pool, after the builds in
 * flight. A refresh can still meet a build this driver does not know (another engine, virsh): that
 * error is retried a few times with a short backoff. Different pools never wait for each other.
 */
final class PoolLocks {

    /** Work on one pool. */
    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Sleeps between attempts (a seam for tests). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    static final int ATTEMPTS = 6;
    static final long FIRST_BACKOFF_MILLIS = 100;

    private final ConcurrentHashMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Predicate<Exception> busy;
    private final Sleeper sleeper;

    PoolLocks(Predicate<Exception> busy, Sleeper sleeper) {
        this.busy = busy;
        this.sleeper = sleeper;
    }

    /** Runs {@code work} beside other shared work of the pool, never beside its exclusive work. */
    <T, E extends Exception> T shared(String pool, Work<T, E> work) throws E {
        return locked(lock(pool).readLock(), work);
    }

    /**
     * Runs {@code work} alone in the pool; when it fails because the pool is busy all the same,
     * tries again after 100, 200, 400, 800 and 1600 ms (about three seconds in all), then gives up
     * with that error.
     */
    <T, E extends Exception> T exclusive(String pool, Work<T, E> work) throws E {
        return locked(lock(pool).writeLock(), () -> {
            long backoff = FIRST_BACKOFF_MILLIS;
            for (int attempt = 1;; attempt++) {
                try {
                    return work.run();
                } catch (Exception e) {
                    if (attempt >= ATTEMPTS || !busy.test(e)) {
                        throw e;
                    }
                    try {
                        sleeper.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    backoff *= 2;
                }
            }
        });
    }

    private ReentrantReadWriteLock lock(String pool) {
        // fair: a refresh waiting for builds is not overtaken by builds that arrive after it
        return locks.computeIfAbsent(pool, key -> new ReentrantReadWriteLock(true));
    }

    private static <T, E extends Exception> T locked(Lock lock, Work<T, E> work) throws E {
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
