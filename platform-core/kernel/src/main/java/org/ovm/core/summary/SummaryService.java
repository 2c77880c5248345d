package org.ovm.core.summary;

import org.ovm.core.Caller;

/** What the dashboard shows, in one call: counts, capacity, recent failures and alarms. */
public interface SummaryService {

    /**
     * The summary {@code caller} may see: everything for an admin; for anyone else the instances,
     * tasks and failures of their VDC and their VDC's quota, without hosts, clusters, pools and
     * alarms.
     */
    SummaryView summary(Caller caller);
}
