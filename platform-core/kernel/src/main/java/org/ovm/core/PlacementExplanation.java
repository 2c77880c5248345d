package org.ovm.core;

import java.util.List;

/**
 * A placement dry run: the scope (a cluster, or a zone), the policy that ranked it and every host,
 * best first; a rejected host has {@code accepted=false} and the reason.
 */
public record PlacementExplanation(String clusterId, String zoneId, String policy, List<HostRank> hosts) {

    /** One host's verdict. */
    public record HostRank(String hostId, String name, boolean accepted, int score, String reason) {
    }
}
