package org.ovm.core.host;

/**
 * What a client sends to create a cluster; omitted overcommit ratios default to 4.0 (CPU) and
 * 1.0 (memory), the placement policy to {@code PERFORMANCE} (spread; {@code PROGRESSIVE} packs).
 */
public record ClusterRequest(String name, String zoneId, String hypervisorType, Double cpuOvercommit,
        Double memoryOvercommit, String placementPolicy) {

    public ClusterRequest(String name, String zoneId, String hypervisorType, Double cpuOvercommit,
            Double memoryOvercommit) {
        this(name, zoneId, hypervisorType, cpuOvercommit, memoryOvercommit, null);
    }
}
