package org.ovm.spi.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to define on a hypervisor.
 *
 * @param name       name on the hypervisor, unique per host; stable across retries of one task
 * @param cpus       virtual CPUs, at least 1
 * @param memoryMiB  memory in MiB, at least 1
 * @param disks      disks in boot order; may be empty
 * @param nics       network interfaces in order; may be empty
 * @param properties driver-specific settings (image reference, console options); never null
 */
public record VmSpec(String name, int cpus, long memoryMiB, List<DiskSpec> disks, List<NicSpec> nics,
        Map<String, String> properties) {

    public VmSpec {
        Objects.requireNonNull(name, "name");
        if (cpus < 1 || memoryMiB < 1) {
            throw new IllegalArgumentException("cpus and memoryMiB must be at least 1");
        }
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
