package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/** The more memory a host keeps free after the placement, the better. */
public final class FreeMemoryScorer implements HostScorer {

    @Override
    public String name() {
        return "free-memory";
    }

    @Override
    public int score(PlacementRequest request, HostCandidate host) {
        return (int) Math.round(100 * Placement.memoryLeft(request, host));
    }
}
