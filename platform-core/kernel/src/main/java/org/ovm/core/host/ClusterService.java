package org.ovm.core.host;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/** Clusters (resource pools) of hosts of one hypervisor type. Writes need admin. */
public interface ClusterService {

    /** Filters: {@code name}, {@code zoneId}, {@code hypervisorType}. */
    Page<ClusterView> list(Caller caller, Filters filters, PageRequest page);

    ClusterView get(Caller caller, String id);

    ClusterView create(Caller caller, ClusterRequest request);

    /** Changes the placement policy, the overcommit ratios (of the cluster and its hosts) or the balancing settings. */
    ClusterView update(Caller caller, String id, ClusterUpdate update);

    /** Fails with 409 while hosts belong to the cluster. */
    void delete(Caller caller, String id);
}
