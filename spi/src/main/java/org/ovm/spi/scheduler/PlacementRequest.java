package org.ovm.spi.scheduler;

import java.util.Map;

/**
 * What needs a host.
 *
 * @param cpus       vCPUs requested
 * @param memoryMiB  memory requested
 * @param type       required hypervisor type, or null for any
 * @param parameters policy parameters and request hints; never null
 */
public record PlacementRequest(int cpus, long memoryMiB, String type, Map<String, String> parameters) {

    public PlacementRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
