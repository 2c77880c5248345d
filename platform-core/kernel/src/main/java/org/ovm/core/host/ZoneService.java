package org.ovm.core.host;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/** Zones: the top of the compute hierarchy. Reads need any role, writes need admin. */
public interface ZoneService {

    /** Filters: {@code name}. */
    Page<ZoneView> list(Caller caller, Filters filters, PageRequest page);

    ZoneView get(Caller caller, String id);

    ZoneView create(Caller caller, ZoneRequest request);

    /** Fails with 409 while clusters belong to the zone. */
    void delete(Caller caller, String id);
}
