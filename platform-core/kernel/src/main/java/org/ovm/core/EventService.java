package org.ovm.core;

/** The audit log. Admins see every event, others their VDC's. Newest first. */
public interface EventService {

    /** Filters: {@code topic} (prefix), {@code resourceId}, {@code user}. */
    Page<EventView> list(Caller caller, Filters filters, PageRequest page);
}
