package org.ovm.core.placement.internal;

import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/** PROGRESSIVE: the fuller a host already is, the better (fill one host before the next). */
public final class PackingScorer implements HostScorer {

    private static final FreeResourcesScorer SPREAD = new FreeResourcesScorer();

    @Override
    public String name() {
        return "packing";
    }

    @Override
    public int score(PlacementRequest request, HostCandidate host) {
        return 100 - SPREAD.score(request, host);
    }
}
