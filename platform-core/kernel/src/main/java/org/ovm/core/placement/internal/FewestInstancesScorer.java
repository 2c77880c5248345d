package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/** The fewer instances a host runs, the better: 100 when empty, 50 with one, 25 with three. */
public final class FewestInstancesScorer implements HostScorer {

    @Override
    public String name() {
        return "fewest-instances";
    }

    @Override
    public int score(PlacementRequest request, HostCandidate host) {
        return 100 / (1 + Math.max(0, host.instances()));
    }
}
