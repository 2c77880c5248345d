package org.ovm.core.instance.internal;

import java.util.List;

import org.ovm.core.instance.ContainerRequest;
import org.ovm.core.instance.InstanceKinds;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.NetworkEntity;

/**
 * A create that passed every check: what {@link InstanceCreation} claims and writes.
 *
 * @param name      the instance's name
 * @param cpus      vCPUs
 * @param memoryMiB memory
 * @param vdcId     the owning VDC (null: none, admins only)
 * @param host      the host it goes to
 * @param macPrefix the MAC prefix of the host's hypervisor, for its NICs
 * @param placed    true if placement chose the host (and already claimed its capacity)
 * @param networks  the networks of its NICs, in NIC order
 * @param group     its affinity group, or null
 * @param disk      its boot disk
 * @param start     power it on once created
 * @param container the checked container block on container hosts, null for virtual machines
 */
public record CreatePlan(String name, int cpus, long memoryMiB, String vdcId, HostEntity host, String macPrefix, boolean placed,
        List<NetworkEntity> networks, AffinityGroupEntity group, DiskPlan disk, boolean start,
        ContainerRequest container) {

    /** The instance's type: {@code container} or {@code vm}. */
    public String kind() {
        return container == null ? InstanceKinds.VM : InstanceKinds.CONTAINER;
    }
}
