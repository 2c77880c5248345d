package org.ovm.core;

/**
 * What a client sends to create a cluster; omitted overcommit ratios default to 4.0 (CPU) and
 * 1.0 (memory).
 */
public record ClusterRequest(String name, String zoneId, String hypervisorType, Double cpuOvercommit,
        Double memoryOvercommit) {
}
