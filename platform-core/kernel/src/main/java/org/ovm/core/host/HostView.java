package org.ovm.core.host;

import java.util.List;
import java.util.Map;

/**
 * A host as clients see it; credentials are never included, of its secrets only their names
 * ({@code secretNames}). {@code storageReason} says which storage pools fail on it ("storage pool
 * nfs1 is unreachable: ..."), null when all are fine. {@code powerManagement} is null when the host has none;
 * {@code fencedAt} and {@code fencedBy} say since when and by what the failed host is known to be powered off
 * (a fence driver, "power management (ipmi)", or the admin who confirmed it), null otherwise.
 */
public record HostView(String id, String name, String type, String uri, String username, String clusterId,
        String state, String stateReason, String storageReason, String cpuModel, int cpus, long memoryMiB, String hypervisorVersion,
        int allocatedCpus, long allocatedMemoryMiB, double cpuOvercommit, double memoryOvercommit,
        Map<String, String> facts, Map<String, String> settings, List<String> secretNames, String lastProbe,
        String createdAt, PowerManagement powerManagement, String fencedAt, String fencedBy) {
}
