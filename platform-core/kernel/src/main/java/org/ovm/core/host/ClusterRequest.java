package org.ovm.core.host;

import org.ovm.core.balance.BalancingSettings;

/**
 * What a client sends to create a cluster; omitted overcommit ratios default to 4.0 (CPU) and
 * 1.0 (memory), the placement policy to {@code PERFORMANCE} (spread; {@code PROGRESSIVE} packs),
 * the balancing settings to {@link BalancingSettings#DEFAULT} (policy {@code NONE}).
 */
public record ClusterRequest(String name, String zoneId, String hypervisorType, Double cpuOvercommit,
        Double memoryOvercommit, String placementPolicy, BalancingSettings balancing) {

    public ClusterRequest(String name, String zoneId, String hypervisorType, Double cpuOvercommit,
            Double memoryOvercommit, String placementPolicy) {
        this(name, zoneId, hypervisorType, cpuOvercommit, memoryOvercommit, placementPolicy, null);
    }

    public ClusterRequest(String name, String zoneId, String hypervisorType, Double cpuOvercommit,
            Double memoryOvercommit) {
        this(name, zoneId, hypervisorType, cpuOvercommit, memoryOvercommit, null, null);
    }
}
