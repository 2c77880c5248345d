package org.ovm.core.placement.internal;

import org.ovm.core.host.HostState;
import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/** Rejects hosts that are not UP (down, in maintenance, without their driver). */
public final class StateFilter implements HostFilter {

    @Override
    public String name() {
        return "state";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        return HostState.UP.name().equals(host.state()) ? FilterResult.pass() : FilterResult.reject(FilterResult.STATE, "host is " + host.state());
    }
}
