package org.ovm.core;

import java.util.Map;

/**
 * An instance (VM or container) as clients see it. {@code managed=false} marks one discovered
 * on a host that OVM did not create (adopt it to manage it); {@code details} is what the
 * hypervisor last reported (disks, NICs, console); {@code nics} are the addresses IPAM gave it.
 */
public record InstanceView(String id, String name, String hostId, String vdcId, String state, int cpus,
        long memoryMiB, boolean managed, String backendId, Map<String, String> details,
        java.util.List<NicView> nics, String affinityGroupId, String createdAt, String updatedAt) {
}
