package org.ovm.core.instance.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.ContainerRequest;
import org.ovm.core.instance.InstanceLimits;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.network.internal.NicNetworks;
import org.ovm.core.network.security.internal.NicMemberships;
import org.ovm.core.placement.internal.KindFilter;
import org.ovm.core.placement.internal.PlacementHints;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.internal.PoolHosts;
import org.ovm.spi.hypervisor.ContainerSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ImageSupport;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;

/**
 * Checks an instance create against the inventory and chooses its host: size limits, VDC, NICs,
 * affinity group, the host (named, or placed, which claims its capacity), the disk. Runs in the
 * caller's transaction; nothing is written except placement's capacity claim.
 */
public final class CreatePlanner {

    private final DriverRegistry<HypervisorDriver> drivers;
    private final DriverRegistry<StorageDriver> storageDrivers;
    private final DriverRegistry<NetworkDriver> networkDrivers;
    private final Placer placer;
    private final ImageCheck images;

    /** Whether an image is on a host (a read of the host's driver, bounded in time). */
    @FunctionalInterface
    public interface ImageCheck {
        boolean present(HostEntity host, ImageSupport driver, String reference);
    }

    public CreatePlanner(DriverRegistry<HypervisorDriver> drivers, DriverRegistry<StorageDriver> storageDrivers,
            DriverRegistry<NetworkDriver> networkDrivers, Placer placer, ImageCheck images) {
        this.drivers = drivers;
        this.storageDrivers = storageDrivers;
        this.networkDrivers = networkDrivers;
        this.placer = placer;
        this.images = images;
    }

    /** Checks the request; 4xx naming the field for anything wrong. */
    public CreatePlan plan(EntityManager em, Caller caller, InstanceRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, cpus and memoryMiB is required");
        }
        String name = Ids.requireName("name", request.name());
        int cpus = Checks.requireRange("cpus", request.cpus() == null ? null : request.cpus().longValue(), 1,
                InstanceLimits.MAX_CPUS);
        long memory = Checks.requireRange("memoryMiB", request.memoryMiB(), InstanceLimits.MIN_MEMORY_MIB, InstanceLimits.MAX_MEMORY_MIB);
        ContainerRequest container = request.container() == null ? null : ContainerChecks.check(request.container());
        String vdcId = vdcFor(caller, request.vdcId());
        if (vdcId != null && em.find(VdcEntity.class, vdcId) == null) {
            throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
        }
        List<NetworkEntity> networks = NicNetworks.of(em, networkDrivers, request.nics());
        NicMemberships.check(em, vdcId, request.nics());
        AffinityGroupEntity group = group(em, request.affinityGroupId(), vdcId);
        ImageEntity image = request.imageId() == null ? null : em.find(ImageEntity.class, request.imageId());
        StoragePoolEntity pool = poolOf(em, request, image);
        boolean placed = request.hostId() == null;
        Map<String, String> hints = new java.util.HashMap<>(PlacementHints.of(em, pool, networks, group));
        if (placed) {
            hints.putAll(kindHints(container != null));
        }
        HostEntity host = placed ? placer.place(em, new Placer.Ask(request.clusterId(), request.zoneId(),
                request.hostIds(), cpus, memory, hints)) : em.find(HostEntity.class, request.hostId());
        if (host == null) {
            throw OvmException.invalid("hostId", "host " + request.hostId() + " does not exist");
        }
        HypervisorDriver driver = drivers.require(host.getType());
        checkKind(request, host, driver, container);
        if (host.getState() != HostState.UP) {
            throw new OvmException(OvmError.CONFLICT, "hostId", "host " + host.getName() + " is " + host.getState()
                    + (host.getStateReason() == null ? "" : " (" + host.getStateReason() + ")")
                    + "; instances can only be created on UP hosts");
        }
        if (memory > host.getMemoryMib() * host.getMemoryOvercommit()) {
            throw OvmException.invalid("memoryMiB", "memoryMiB " + memory + " exceeds host " + host.getName()
                    + "'s capacity of " + (long) (host.getMemoryMib() * host.getMemoryOvercommit()) + " MiB");
        }
        if (!placed) {
            Placer.verify(host, cpus, memory, hints);
        }
        if (!em.createQuery("SELECT i.id FROM InstanceEntity i WHERE i.hostId = ?1 AND i.name = ?2")
                .setParameter(1, host.getId()).setParameter(2, name).getResultList().isEmpty()) {
            throw Ids.nameTaken(caller, name, "an instance named '" + name + "' already exists on host "
                    + host.getName());
        }
        ImageEntity iso = request.isoImageId() == null ? null : em.find(ImageEntity.class, request.isoImageId());
        StoragePoolEntity isoPool = iso == null ? null : em.find(StoragePoolEntity.class, iso.getPoolId());
        DiskPlan disk = DiskPlan.of(request, name, image, pool, iso, isoPool, host, formats(pool, driver),
                pool == null || storageDrivers.require(pool.getType()).capabilities()
                        .contains(StorageCapability.LINKED_CLONE), (p, hostId) -> PoolHosts.serves(em, p, hostId));
        if (container != null && !images.present(host, (ImageSupport) driver, container.image())) {
            throw OvmException.invalid("container.image", "image " + container.image() + " is not on host "
                    + host.getName() + ": pull it first on the Images page (shell: ovm:image-pull " + container.image() + " --host "
                    + host.getId() + ")");
        }
        return new CreatePlan(name, cpus, memory, vdcId, host, driver.macPrefix(), placed, networks, group, disk,
                Boolean.TRUE.equals(request.start()), container);
    }

    /** Which installed hypervisor types run this kind of instance (placement's {@link KindFilter}). */
    private Map<String, String> kindHints(boolean container) {
        String types = drivers.snapshot().keySet().stream().filter(type -> drivers.find(type)
                .map(driver -> driver instanceof ContainerSupport == container).orElse(false)).sorted()
                .collect(java.util.stream.Collectors.joining(","));
        return Map.of(KindFilter.HOST_TYPES, types, KindFilter.KIND, container ? "container" : "vm");
    }

    private static final java.util.regex.Pattern GUEST_OS = java.util.regex.Pattern.compile("[A-Za-z0-9_]{1,64}");

    /** Containers go to container hosts with a container block and no disks; VMs elsewhere. */
    private static void checkKind(InstanceRequest request, HostEntity host, HypervisorDriver driver,
            ContainerRequest container) {
        boolean containerHost = driver instanceof ContainerSupport;
        if (containerHost && container == null) {
            throw OvmException.invalid("container", "host " + host.getName() + " (" + host.getType()
                    + ") runs containers: give a container block with at least an image");
        }
        if (!containerHost && container != null) {
            throw OvmException.invalid("container", "host " + host.getName() + " (" + host.getType()
                    + ") runs virtual machines: a container block needs a container host");
        }
        if (request.guestOs() != null && !GUEST_OS.matcher(request.guestOs()).matches()) {
            throw OvmException.invalid("guestOs", "guestOs is a guest operating system id such as ubuntu64Guest "
                    + "(letters, digits and '_', at most 64)");
        }
        if (!containerHost) {
            return;
        }
        if (request.guestOs() != null) {
            throw OvmException.invalid("guestOs", "containers have no guest operating system: leave out guestOs");
        }
        if (!(driver instanceof ImageSupport)) {
            throw OvmException.invalid("container", host.getType() + " hosts cannot check images");
        }
        String disk = request.imageId() != null ? "imageId" : request.isoImageId() != null ? "isoImageId"
                : request.storagePoolId() != null ? "storagePoolId" : request.diskGiB() != null ? "diskGiB"
                : request.cloneMode() != null ? "cloneMode" : null;
        if (disk != null) {
            throw OvmException.invalid(disk, "containers have no disks: leave out " + disk
                    + " and give the image in container.image");
        }
    }

    /** The disk formats usable in the pool for the host's hypervisor: the pool driver's order. */
    private List<String> formats(StoragePoolEntity pool, HypervisorDriver hypervisor) {
        if (pool == null) {
            return List.of();
        }
        List<String> attachable = hypervisor.diskFormats();
        return storageDrivers.require(pool.getType()).volumeFormats().stream().filter(attachable::contains)
                .toList();
    }

    private static String vdcFor(Caller caller, String requested) {
        if (caller.isAdmin()) {
            return requested;
        }
        if (requested != null && !requested.equals(caller.vdcId())) {
            throw OvmException.forbidden("you can only create instances in your own VDC");
        }
        return caller.vdcId();
    }

    /** The affinity group an instance joins, checked: it exists and belongs to the instance's VDC. */
    private static AffinityGroupEntity group(EntityManager em, String groupId, String vdcId) {
        if (groupId == null) {
            return null;
        }
        AffinityGroupEntity group = em.find(AffinityGroupEntity.class, groupId);
        if (group == null || !Objects.equals(group.getVdcId(), vdcId)) {
            throw OvmException.invalid("affinityGroupId", "affinity group " + groupId + " does not exist in the "
                    + "instance's VDC");
        }
        return group;
    }

    /** The pool the instance's disk will live in: the one named, else its template's; null without a disk. */
    private static StoragePoolEntity poolOf(EntityManager em, InstanceRequest request, ImageEntity image) {
        String poolId = request.storagePoolId();
        if (poolId == null && image != null) {
            poolId = image.getPoolId();
        }
        return poolId == null ? null : em.find(StoragePoolEntity.class, poolId);
    }
}
