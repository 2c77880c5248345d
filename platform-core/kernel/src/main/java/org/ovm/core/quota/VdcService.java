package org.ovm.core.quota;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/** Virtual data centers: the tenants users and instances belong to. Admins manage them; others see their own. */
public interface VdcService {

    /** Filters: {@code name}. Non-admins see only their VDC. */
    Page<VdcView> list(Caller caller, Filters filters, PageRequest page);

    VdcView get(Caller caller, String id);

    VdcView create(Caller caller, VdcRequest request);

    /**
     * Replaces the VDC's quota (omitted limits become unlimited). A limit may be set below the
     * current usage: nothing running is touched, new claims are refused until usage drops below it.
     */
    VdcView setQuota(Caller caller, String id, Quota quota);

    /** Fails with 409 while users or instances belong to it. */
    void delete(Caller caller, String id);
}
