package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/** PERFORMANCE: the more free memory and vCPUs a host keeps after the placement, the better. */
public final class FreeResourcesScorer implements HostScorer {

    @Override
    public String name() {
        return "free-resources";
    }

    @Override
    public int score(PlacementRequest request, HostCandidate host) {
        return (int) Math.round(100 * (0.5 * Placement.memoryLeft(request, host)
                + 0.5 * Placement.cpusLeft(request, host)));
    }
}
