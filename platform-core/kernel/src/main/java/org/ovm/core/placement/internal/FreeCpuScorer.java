package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/** The more vCPUs a host keeps free after the placement, the better. */
public final class FreeCpuScorer implements HostScorer {

    @Override
    public String name() {
        return "free-cpu";
    }

    @Override
    public int score(PlacementRequest request, HostCandidate host) {
        return (int) Math.round(100 * Placement.cpusLeft(request, host));
    }
}
