package org.ovm.spi.scheduler;

import java.util.Map;

/**
 * A host as the scheduler sees it at one instant.
 *
 * @param hostId          the kernel's id
 * @param name            display name
 * @param type            hypervisor type
 * @param state           host state name ({@code UP}, {@code MAINTENANCE}, ...)
 * @param cpus            physical CPUs
 * @param memoryMiB       physical memory
 * @param allocatedCpus   vCPUs already claimed
 * @param allocatedMemoryMiB memory already claimed
 * @param cpuOvercommit   ratio of vCPUs to CPUs allowed
 * @param memoryOvercommit ratio of claimed to physical memory allowed
 * @param instances       instances on the host
 * @param attributes      cluster id, reachable pools and networks, labels; never null
 */
public record HostCandidate(String hostId, String name, String type, String state, int cpus, long memoryMiB,
        int allocatedCpus, long allocatedMemoryMiB, double cpuOvercommit, double memoryOvercommit, int instances,
        Map<String, String> attributes) {

    public HostCandidate {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
