package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/** Rejects hosts without the free vCPUs or memory, after the host's overcommit ratios. */
public final class CapacityFilter implements HostFilter {

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        long freeMemory = Placement.freeMemory(host);
        if (freeMemory < request.memoryMiB()) {
            return FilterResult.reject(FilterResult.CAPACITY, "memory " + freeMemory + " MiB free < " + request.memoryMiB() + " MiB requested");
        }
        long freeCpus = Placement.freeCpus(host);
        if (freeCpus < request.cpus()) {
            return FilterResult.reject(FilterResult.CAPACITY, "vCPUs " + freeCpus + " free < " + request.cpus() + " requested");
        }
        return FilterResult.pass();
    }
}
