package org.ovm.edge.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections per client address. A connection takes a slot with its first request and gives
 * it back when it closes; a client at its limit is refused until one of its connections
 * closes, so one client cannot hold all of the server's threads (a thread serves one request
 * of one connection at a time) nor its sockets.
 */
final class ClientLimits {

    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

    /** Takes a slot for {@code client}; false (nothing taken) when it already holds {@code limit}. */
    boolean acquire(String client, int limit) {
        boolean[] taken = {false};
        held.compute(client, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < limit) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    /** Gives back a slot {@link #acquire} took; the entry goes when the client holds none. */
    void release(String client) {
        held.computeIfPresent(client, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Slots {@code client} holds. */
    int held(String client) {
        AtomicInteger count = held.get(client);
        return count == null ? 0 : count.get();
    }

    /** Clients holding a slot. */
    int clients() {
        return held.size();
    }
}
