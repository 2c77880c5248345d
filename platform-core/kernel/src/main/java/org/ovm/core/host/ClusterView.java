package org.ovm.core.host;

import java.util.List;

import org.ovm.core.balance.BalancingSettings;

/**
 * A cluster (resource pool) as clients see it; {@code powerOffCandidates} are the ids of the hosts its last
 * power-saving run left with nothing running (empty under other policies).
 */
public record ClusterView(String id, String name, String zoneId, String hypervisorType, double cpuOvercommit,
        double memoryOvercommit, String placementPolicy, String createdAt, BalancingSettings balancing,
        List<String> powerOffCandidates) {
}
