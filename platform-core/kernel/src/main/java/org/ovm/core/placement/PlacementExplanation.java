package org.ovm.core.placement;

import java.util.List;

/**
 * A placement dry run: the scope (a cluster, or a zone), the policy that ranked it and every host,
 * best first; a rejected host has {@code accepted=false}, the reason and its code (the
 * scheduler's {@code FilterResult} codes: {@code CAPACITY}, {@code STATE}, {@code TYPE},
 * {@code SCOPE}, {@code STORAGE}, {@code NETWORK}, {@code AFFINITY}, {@code OTHER}).
 */
public record PlacementExplanation(String clusterId, String zoneId, String policy, List<HostRank> hosts) {

    /** One host's verdict. */
    public record HostRank(String hostId, String name, boolean accepted, int score, String reason, String code) {
    }
}
