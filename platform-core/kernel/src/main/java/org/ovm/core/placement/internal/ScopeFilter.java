package org.ovm.core.placement.internal;

import java.util.Arrays;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/** The scope "named hosts": rejects every host not in the request's list. */
public final class ScopeFilter implements HostFilter {

    /** Request hint: comma-separated ids of the only hosts allowed. */
    public static final String HOSTS = "scope.hosts";

    @Override
    public String name() {
        return "scope";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        String hosts = request.parameters().get(HOSTS);
        return hosts == null || Arrays.asList(hosts.split(",")).contains(host.hostId()) ? FilterResult.pass()
                : FilterResult.reject(FilterResult.SCOPE, "not among the named hosts");
    }
}
