package org.ovm.core.placement.internal;

import java.util.Arrays;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * Rejects hosts that cannot run the kind of instance asked for: a virtual machine never goes to a
 * container engine, a container never to a hypervisor, when a zone holds clusters of both.
 */
public final class KindFilter implements HostFilter {

    /** Request hint: the comma-separated hypervisor types whose drivers run this kind of instance. */
    public static final String HOST_TYPES = "instance.hostTypes";
    /** Request hint: {@code vm} or {@code container}, for the reason. */
    public static final String KIND = "instance.kind";

    @Override
    public String name() {
        return "instance-kind";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        String types = request.parameters().get(HOST_TYPES);
        if (types == null || Arrays.asList(types.split(",")).contains(host.type())) {
            return FilterResult.pass();
        }
        return FilterResult.reject(FilterResult.TYPE, "host type " + host.type() + " does not run "
                + ("container".equals(request.parameters().get(KIND)) ? "containers" : "virtual machines"));
    }
}
