package org.ovm.core.placement.internal;

import java.util.List;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * Rejects hosts that cannot reach the storage pool of the instance's disk: a local pool is reached
 * only by its host, a cluster's shared pool by the hosts of that cluster, and any pool only from the
 * hosts it is attached to and usable from now.
 */
public final class StorageReachabilityFilter implements HostFilter {

    /** Request hints set when the instance has a disk. */
    public static final String POOL = "storage.pool";
    public static final String POOL_HOST = "storage.hostId";
    public static final String POOL_CLUSTER = "storage.clusterId";
    /** The hosts the pool is usable from now, comma-separated (absent: not known, no restriction). */
    public static final String POOL_HOSTS = "storage.hostIds";

    @Override
    public String name() {
        return "storage-reachability";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        String poolHost = request.parameters().get(POOL_HOST);
        if (poolHost != null && !poolHost.equals(host.hostId())) {
            return FilterResult.reject(FilterResult.STORAGE, "storage pool " + request.parameters().get(POOL) + " is local to another host");
        }
        String poolCluster = request.parameters().get(POOL_CLUSTER);
        if (poolCluster != null && !poolCluster.equals(host.attributes().get(HostAttributes.CLUSTER))) {
            return FilterResult.reject(FilterResult.STORAGE, "storage pool " + request.parameters().get(POOL)
                    + " is shared by another cluster's hosts");
        }
        String usable = request.parameters().get(POOL_HOSTS);
        if (usable != null && !List.of(usable.split(",")).contains(host.hostId())) {
            return FilterResult.reject(FilterResult.STORAGE, "storage pool " + request.parameters().get(POOL)
                    + " is not usable from this host now (not attached here, or unreachable)");
        }
        return FilterResult.pass();
    }
}
