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

    /**
     * Renames a zone, changes its description, or makes it the default zone (the first zone created
     * is the default; the default cannot be unset, only replaced: 409).
     */
    ZoneView update(Caller caller, String id, ZoneUpdate update);

    /**
     * Fails with 409 while clusters belong to the zone. When the default zone is deleted, the
     * oldest remaining zone becomes the default.
     */
    void delete(Caller caller, String id);
}
