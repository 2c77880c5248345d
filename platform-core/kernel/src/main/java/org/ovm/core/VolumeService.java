package org.ovm.core;

/** Volumes. Users see their VDC's volumes; admins all. */
public interface VolumeService {

    /** Filters: {@code name}, {@code poolId}, {@code instanceId}, {@code state}. */
    Page<VolumeView> list(Caller caller, Filters filters, PageRequest page);

    VolumeView get(Caller caller, String id);
}
