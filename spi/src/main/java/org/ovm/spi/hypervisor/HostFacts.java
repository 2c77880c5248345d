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

    /**
     * Prefix of the details that are host settings the driver learned at first contact, such as
     * the certificate fingerprint a host presented when none was pinned (trust on first use):
     * the kernel stores {@code setting.<name>} as the host's setting {@code <name>} when the host
     * has no setting of that name, so every later call pins it, and drops the detail from the
     * facts it shows. Since 1.4.
     */
    public static final String LEARNED_SETTING_PREFIX = "setting.";

    public HostFacts {
        if (cpus < 0 || memoryMiB < 0) {
            throw new IllegalArgumentException("cpus and memoryMiB must not be negative");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
