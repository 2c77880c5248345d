package org.ovm.spi.hypervisor;

import java.util.Map;
import java.util.Objects;

/**
 * An instance as the hypervisor sees it.
 *
 * @param backendId  the hypervisor's stable id (libvirt UUID, vSphere MoRef, container id)
 * @param name       the hypervisor's name for it
 * @param state      its power state
 * @param cpus       virtual CPUs
 * @param memoryMiB  memory in MiB
 * @param details    further facts (disks, NICs, console); never null
 */
public record InstanceInfo(String backendId, String name, PowerState state, int cpus, long memoryMiB,
        Map<String, String> details) {

    public InstanceInfo {
        Objects.requireNonNull(backendId, "backendId");
        Objects.requireNonNull(state, "state");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
