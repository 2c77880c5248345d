package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/** Rejects hosts of another hypervisor type than the request asks for. */
public final class TypeFilter implements HostFilter {

    @Override
    public String name() {
        return "hypervisor-type";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        return request.type() == null || request.type().equals(host.type()) ? FilterResult.pass()
                : FilterResult.reject(FilterResult.TYPE, "host type " + host.type() + " is not " + request.type());
    }
}
