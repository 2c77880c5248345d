package org.ovm.core.placement;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/**
 * Affinity and anti-affinity groups: instances join one when they are created, and placement keeps
 * them on one host or on different hosts. Users manage their own VDC's groups.
 */
public interface AffinityGroupService {

    /** Filters: {@code name}, {@code kind}. Non-admins see only their VDC's. */
    Page<AffinityGroupView> list(Caller caller, Filters filters, PageRequest page);

    AffinityGroupView get(Caller caller, String id);

    AffinityGroupView create(Caller caller, AffinityGroupRequest request);

    /** Fails with 409 while instances are in the group. */
    void delete(Caller caller, String id);
}
