package org.ovm.core.event;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/**
 * The audit log. Admins see every event, others their VDC's. It is append-only: the engine
 * writes events, nothing in the API changes or deletes them.
 */
public interface EventService {

    /** Filters: {@code topic} (prefix), {@code resourceId}, {@code user}, {@code outcome}, {@code source}. Newest first. */
    Page<EventView> list(Caller caller, Filters filters, PageRequest page);

    /**
     * The events {@code query} matches, for an export: admins export every event, vdc-admins their
     * VDC's; users get 403, and bounds that select nothing ({@code since} not before {@code until})
     * 400, both here and not when reading. Called by the REST export and {@code ovm:event-export}.
     */
    EventExport export(Caller caller, EventQuery query);

    /**
     * Records that {@code caller} was refused {@code action} (HTTP 403): an {@code auth/refused} event
     * with outcome {@link Outcome#REFUSED}, in the caller's VDC. Called by the REST layer where it
     * turns a refusal into an answer; never fails the request (a failure to record is logged).
     *
     * @param action what was asked, for example {@code DELETE /api/v1/hosts/42}
     * @param reason why it was refused
     */
    void recordRefusal(Caller caller, String action, String reason);
}
