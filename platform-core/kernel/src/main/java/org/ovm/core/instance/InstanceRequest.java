package org.ovm.core.instance;

import java.util.List;

import org.ovm.core.network.NicRequest;

/**
 * What a client sends to create an instance.
 *
 * @param name      unique per host; letters, digits, '.', '_' and '-'
 * @param cpus      virtual CPUs, 1..256
 * @param memoryMiB memory in MiB, 16..4194304
 * @param hostId    the host to create it on
 * @param vdcId     the VDC that owns it (defaults to the caller's)
 * @param start     power it on once created (default false)
 * @param imageId   a template to clone the boot disk from, or null
 * @param cloneMode {@code linked} (copy on write, default) or {@code full} (independent copy)
 * @param storagePoolId the pool for the disk (default: the template's pool)
 * @param diskGiB   disk size; with a template at least its size (default: the template's size)
 * @param isoImageId an ISO image to attach as a CD-ROM (for installs; the disk boots first, then the CD-ROM)
 * @param clusterId  instead of {@code hostId}: let the cluster's placement policy choose the host
 * @param hostIds    with {@code clusterId}, {@code zoneId} or neither: the scope "named hosts", placement never goes elsewhere
 * @param nics       NICs to plug, in order (each takes an address from its network's IPAM)
 * @param affinityGroupId an affinity or anti-affinity group the instance joins (placement honours it)
 * @param zoneId     instead of {@code hostId} or {@code clusterId}: place on any cluster of the zone; none of
 *                   the three: the default zone (400 on {@code zoneId} while there is no zone)
 * @param container  on container hosts (and only there): the image, command, environment, ports... of the container
 * @param guestOs    for virtual machines: the guest operating system's id as the hypervisor names it (a vSphere
 *                   guest id such as {@code ubuntu64Guest}); letters, digits and '_'; a template's {@code guestId}
 *                   property otherwise
 * @param tags       the instance's tags (each 1–32 letters, digits, '.', '_' or '-'; at most 16), or null
 * @param ha         restart it on another host of its cluster when its host fails and an admin confirms that
 *                   host powered off (default false; only virtual machines whose every disk is on a shared pool
 *                   restart, see {@link InstanceView#haBlocker()})
 * @param haPriority among the HA instances of a failed host, higher restarts first (default 0, -1000..1000)
 */
public record InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start,
        String imageId, String cloneMode, String storagePoolId, Long diskGiB, String isoImageId, String clusterId,
        List<String> hostIds, List<NicRequest> nics, String affinityGroupId, String zoneId, ContainerRequest container,
        String guestOs, List<String> tags, Boolean ha, Integer haPriority) {

    /** An instance that is not HA. */
    public InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start,
            String imageId, String cloneMode, String storagePoolId, Long diskGiB, String isoImageId, String clusterId,
            List<String> hostIds, List<NicRequest> nics, String affinityGroupId, String zoneId, ContainerRequest container,
            String guestOs, List<String> tags) {
        this(name, cpus, memoryMiB, hostId, vdcId, start, imageId, cloneMode, storagePoolId, diskGiB, isoImageId,
                clusterId, hostIds, nics, affinityGroupId, zoneId, container, guestOs, tags, null, null);
    }

    /** An instance without tags. */
    public InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start,
            String imageId, String cloneMode, String storagePoolId, Long diskGiB, String isoImageId, String clusterId,
            List<String> hostIds, List<NicRequest> nics, String affinityGroupId, String zoneId, ContainerRequest container,
            String guestOs) {
        this(name, cpus, memoryMiB, hostId, vdcId, start, imageId, cloneMode, storagePoolId, diskGiB, isoImageId,
                clusterId, hostIds, nics, affinityGroupId, zoneId, container, guestOs, null);
    }

    /** An instance without a guest OS id. */
    public InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start,
            String imageId, String cloneMode, String storagePoolId, Long diskGiB, String isoImageId, String clusterId,
            List<String> hostIds, List<NicRequest> nics, String affinityGroupId, String zoneId,
            ContainerRequest container) {
        this(name, cpus, memoryMiB, hostId, vdcId, start, imageId, cloneMode, storagePoolId, diskGiB, isoImageId,
                clusterId, hostIds, nics, affinityGroupId, zoneId, container, null);
    }

    /** A virtual machine. */
    public InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start,
            String imageId, String cloneMode, String storagePoolId, Long diskGiB, String isoImageId, String clusterId,
            List<String> hostIds, List<NicRequest> nics, String affinityGroupId, String zoneId) {
        this(name, cpus, memoryMiB, hostId, vdcId, start, imageId, cloneMode, storagePoolId, diskGiB, isoImageId,
                clusterId, hostIds, nics, affinityGroupId, zoneId, null);
    }

    /** A diskless instance. */
    public InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start) {
        this(name, cpus, memoryMiB, hostId, vdcId, start, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
