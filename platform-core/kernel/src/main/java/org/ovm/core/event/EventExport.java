package org.ovm.core.event;

import java.util.function.Consumer;

/**
 * An export the caller may run, checked when {@link EventService#export} returned it: reading
 * happens in {@link #forEach}, so a REST answer can send its status and headers before the first
 * event is read.
 */
@FunctionalInterface
public interface EventExport {

    /**
     * Hands every matching event to {@code sink}, oldest first, reading the inventory in batches (no
     * transaction is held while {@code sink} runs); runs on the calling thread.
     *
     * @return how many events were handed over
     */
    long forEach(Consumer<EventView> sink);
}
