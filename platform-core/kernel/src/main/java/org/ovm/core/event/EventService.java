package org.ovm.core.event;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/** The audit log. Admins see every event, others their VDC's. Newest first. */
public interface EventService {

    /** Filters: {@code topic} (prefix), {@code resourceId}, {@code user}. */
    Page<EventView> list(Caller caller, Filters filters, PageRequest page);
}
