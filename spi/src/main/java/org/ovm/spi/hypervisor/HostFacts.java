package org.ovm.spi.hypervisor;

import java.util.Map;

/**
 * What a probe learns about a host.
 *
 * @param cpuModel          CPU model name as the hypervisor reports it
 * @param cpus              logical CPUs
 * @param memoryMiB         physical memory in MiB
 * @param hypervisorVersion hypervisor name and version (e.g. {@code QEMU 7.2.0})
 * @param details           further facts, shown to operators as-is; never null
 */
public record HostFacts(String cpuModel, int cpus, long memoryMiB, String hypervisorVersion, Map<String, String> details) {

    public HostFacts {
        if (cpus < 0 || memoryMiB < 0) {
            throw new IllegalArgumentException("cpus and memoryMiB must not be negative");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
