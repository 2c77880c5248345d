package org.ovm.core.host;

/** A cluster (resource pool) as clients see it. */
public record ClusterView(String id, String name, String zoneId, String hypervisorType, double cpuOvercommit,
        double memoryOvercommit, String placementPolicy, String createdAt) {
}
