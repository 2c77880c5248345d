package org.ovm.spi.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A placement rule that rejects hosts. A pure function over a snapshot: no I/O, no side effects,
 * callable from any thread. Registered with {@link #NAME}; a placement policy (data) names the
 * filters it applies.
 */
@ConsumerType
public interface HostFilter {

    /** Service property naming the filter or scorer. */
    String NAME = "scheduler.plugin.name";

    /** The stable name policies refer to; equals the {@link #NAME} property. */
    String name();

    /**
     * Decides whether {@code host} can take {@code request}.
     *
     * @return {@link FilterResult#pass()} or a rejection with a human-readable reason
     */
    FilterResult filter(PlacementRequest request, HostCandidate host);
}
