package org.ovm.core.host;

import java.util.List;
import java.util.Map;

/**
 * A host as clients see it; credentials are never included, of its secrets only their names
 * ({@code secretNames}). {@code storageReason} says which storage pools fail on it ("storage pool
 * nfs1 is unreachable: ..."), null when all are fine.
 */
public record HostView(String id, String name, String type, String uri, String username, String clusterId,
        String state, String stateReason, String storageReason, String cpuModel, int cpus, long memoryMiB, String hypervisorVersion,
        int allocatedCpus, long allocatedMemoryMiB, double cpuOvercommit, double memoryOvercommit,
        Map<String, String> facts, Map<String, String> settings, List<String> secretNames, String lastProbe,
        String createdAt) {
}
