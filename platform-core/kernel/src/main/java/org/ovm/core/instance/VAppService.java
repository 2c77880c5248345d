package org.ovm.core.instance;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/** vApps: groups of instances deployed together. VDC-scoped like instances. */
public interface VAppService {

    /** Filters: {@code name}, {@code state}. */
    Page<VAppView> list(Caller caller, Filters filters, PageRequest page);

    VAppView get(Caller caller, String id);

    /**
     * Places every member in one transaction (capacity and quota for all or none), then starts
     * the deploy task: the members are created in parallel and powered on in order.
     */
    TaskView create(Caller caller, VAppRequest request);

    /** Starts a task that deletes every instance of the vApp, then the vApp. */
    TaskView delete(Caller caller, String id);
}
