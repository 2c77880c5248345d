package org.ovm.core.instance;

import java.util.List;
import java.util.Map;

import org.ovm.core.network.NicView;

/**
 * An instance (VM or container) as clients see it. {@code managed=false} marks one discovered
 * on a host that OVM did not create (adopt it to manage it); {@code details} is what the
 * hypervisor last reported (disks, NICs, console); {@code nics} are the addresses IPAM gave it.
 * {@code type} is {@code vm} or {@code container}; a container's {@code cpus} and {@code memoryMiB}
 * are its limits (0: unlimited). {@code hostType} is its host's hypervisor type ({@code kvm},
 * {@code esxi}, {@code docker}, ...). {@code hostName} and {@code vdcName} name its host and VDC,
 * {@code owner} is the username of the user who created it (null for discovered instances and
 * when that user is gone), {@code tags} its tags (since 1.1). {@code ha} and {@code haPriority}: it restarts on
 * another host when its host fails (highest priority first); {@code haBlocker} says why it would not (a disk
 * on a local pool, a container), null when it would or is not HA.
 */
public record InstanceView(String id, String name, String type, String hostId, String hostName, String hostType,
        String vdcId, String vdcName, String owner, String state, int cpus, long memoryMiB, boolean managed,
        String backendId, Map<String, String> details, List<NicView> nics, String affinityGroupId, List<String> tags,
        String createdAt, String updatedAt, boolean ha, int haPriority, String haBlocker) {
}
