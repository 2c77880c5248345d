package org.ovm.core;

/** An instance (VM or container) as clients see it. */
public record InstanceView(String id, String name, String hostId, String vdcId, String state, int cpus,
        long memoryMiB, boolean managed, String backendId, String createdAt, String updatedAt) {
}
