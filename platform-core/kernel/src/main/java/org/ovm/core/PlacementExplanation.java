package org.ovm.core;

import java.util.List;

/**
 * A placement dry run: the cluster's policy and every host, ranked best first; a rejected host
 * has {@code accepted=false} and the reason.
 */
public record PlacementExplanation(String clusterId, String policy, List<HostRank> hosts) {

    /** One host's verdict. */
    public record HostRank(String hostId, String name, boolean accepted, int score, String reason) {
    }
}
