package org.ovm.spi.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Ranks hosts that passed every filter. Pure and thread-safe like {@link HostFilter}; registered
 * with {@link HostFilter#NAME}. The policy owns the weight.
 */
@ConsumerType
public interface HostScorer {

    /** The stable name policies refer to. */
    String name();

    /** @return a score from 0 (worst) to 100 (best) */
    int score(PlacementRequest request, HostCandidate host);
}
