package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * Rejects hosts outside the cluster a requested network is scoped to. The hint lists the scoped
 * networks as {@code name=clusterId} pairs, comma separated.
 */
public final class NetworkReachabilityFilter implements HostFilter {

    /** Request hint: the cluster-scoped networks of the instance's NICs. */
    public static final String NETWORKS = "network.clusters";

    @Override
    public String name() {
        return "network-reachability";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        String scoped = request.parameters().get(NETWORKS);
        if (scoped == null || scoped.isEmpty()) {
            return FilterResult.pass();
        }
        String cluster = host.attributes().get(HostAttributes.CLUSTER);
        for (String pair : scoped.split(",")) {
            int eq = pair.indexOf('=');
            if (!pair.substring(eq + 1).equals(cluster)) {
                return FilterResult.reject(FilterResult.NETWORK, "network " + pair.substring(0, eq) + " does not reach this host's cluster");
            }
        }
        return FilterResult.pass();
    }
}
