package org.ovm.core.instance.internal;

import java.util.List;
import java.util.function.BiPredicate;

import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.storage.PoolState;

/**
 * The boot disk of an instance to create, checked: empty, or a linked or full clone of a
 * template, in a pool the host reaches, optionally with an ISO to install from. A pure value:
 * {@link #of} takes the rows it needs already read, so it is tested without a database.
 *
 * @param imageId     the template cloned, or null
 * @param isoImageId  the ISO attached as a CD-ROM, or null
 * @param poolId      the pool of the disk; null for an instance without a disk
 * @param cloneMode   {@code linked} or {@code full}
 * @param sizeBytes   the disk's virtual size (0 without a disk)
 * @param format      the volume format (from the drivers), null without a disk
 * @param volumeName  the volume's name in its pool, null without a disk
 */
public record DiskPlan(String imageId, String isoImageId, String poolId, String cloneMode, long sizeBytes,
        String format, String volumeName) {

    /** The largest disk a create accepts. */
    public static final long MAX_DISK_GIB = Sizes.MAX_DISK_GIB;

    static final String LINKED = "linked";
    static final String FULL = "full";

    /** No disk at all (a diskless instance). */
    static DiskPlan none(String imageId) {
        return new DiskPlan(imageId, null, null, LINKED, 0, null, null);
    }

    /**
     * Checks the disk part of a create.
     *
     * @param name     the instance's (checked) name
     * @param image    the template the request names (null if none or not found)
     * @param pool     the disk's pool: the one named, else the template's (null if none or not found)
     * @param iso      the ISO the request names (null if none or not found)
     * @param isoPool  the ISO's pool
     * @param host     the host the instance goes to
     * @param formats  the formats usable for the disk: the pool's driver's that the host's hypervisor
     *                 attaches, preferred first
     */
    static DiskPlan of(InstanceRequest request, String name, ImageEntity image, StoragePoolEntity pool, ImageEntity iso,
            StoragePoolEntity isoPool, HostEntity host, List<String> formats) {
        return of(request, name, image, pool, iso, isoPool, host, formats, true);
    }

    /**
     * The same, for a pool whose driver may make no linked clones ({@code linkedClones} false):
     * templates are then copied in full by default, and an explicit linked clone is refused.
     */
    static DiskPlan of(InstanceRequest request, String name, ImageEntity image, StoragePoolEntity pool, ImageEntity iso,
            StoragePoolEntity isoPool, HostEntity host, List<String> formats, boolean linkedClones) {
        return of(request, name, image, pool, iso, isoPool, host, formats, linkedClones,
                (p, hostId) -> p.getHostId() == null || p.getHostId().equals(hostId));
    }

    /**
     * The same, asking {@code serves} whether a pool is usable from a host (the kernel passes
     * {@link org.ovm.core.storage.internal.PoolHosts#serves}).
     */
    static DiskPlan of(InstanceRequest request, String name, ImageEntity image, StoragePoolEntity pool, ImageEntity iso,
            StoragePoolEntity isoPool, HostEntity host, List<String> formats, boolean linkedClones,
            BiPredicate<StoragePoolEntity, String> serves) {
        if (request.imageId() != null && (image == null || !"template".equals(image.getKind()))) {
            throw OvmException.invalid("imageId", "template " + request.imageId() + " does not exist");
        }
        String cloneMode = request.cloneMode() != null ? request.cloneMode() : linkedClones ? LINKED : FULL;
        if (!LINKED.equals(cloneMode) && !FULL.equals(cloneMode)) {
            throw OvmException.invalid("cloneMode", "cloneMode is linked or full");
        }
        if (request.cloneMode() != null && image == null) {
            throw OvmException.invalid("cloneMode", "cloneMode needs an imageId");
        }
        String poolId = request.storagePoolId() != null ? request.storagePoolId() : image == null ? null
                : image.getPoolId();
        if (request.diskGiB() != null && (request.diskGiB() < 1 || request.diskGiB() > MAX_DISK_GIB)) {
            throw OvmException.invalid("diskGiB", "diskGiB must be between 1 and " + MAX_DISK_GIB + ", got "
                    + request.diskGiB());
        }
        String imageId = image == null ? null : image.getId();
        if (poolId == null) {
            if (request.diskGiB() != null) {
                throw OvmException.invalid("storagePoolId", "a disk needs a storagePoolId");
            }
            if (request.isoImageId() != null) {
                throw OvmException.invalid("storagePoolId", "an ISO install needs a disk: give storagePoolId and "
                        + "diskGiB");
            }
            return none(imageId);
        }
        if (pool == null) {
            throw OvmException.invalid("storagePoolId", "storage pool " + poolId + " does not exist");
        }
        if (pool.getState() != PoolState.UP && pool.getState() != PoolState.DEGRADED) {
            throw OvmException.conflict("storagePoolId", "storage pool " + pool.getName() + " is " + pool.getState());
        }
        if (pool.getHostId() != null && !pool.getHostId().equals(host.getId())) {
            throw OvmException.invalid("storagePoolId", "storage pool " + pool.getName()
                    + " is local to another host than " + host.getName());
        }
        if (!serves.test(pool, host.getId())) {
            throw OvmException.conflict("storagePoolId", "storage pool " + pool.getName() + " is not usable from host "
                    + host.getName() + " now" + (pool.getStateReason() == null ? "" : " (" + pool.getStateReason()
                    + ")"));
        }
        if (image != null && LINKED.equals(cloneMode) && !linkedClones) {
            throw OvmException.invalid("cloneMode", "storage pool " + pool.getName() + " (" + pool.getType()
                    + ") copies templates in full only: use cloneMode full");
        }
        if (image != null && LINKED.equals(cloneMode) && !image.getPoolId().equals(poolId)) {
            throw OvmException.invalid("cloneMode", "a linked clone lives in its template's pool; use cloneMode "
                    + "full to copy into another pool");
        }
        String isoImageId = null;
        if (request.isoImageId() != null) {
            if (iso == null || !"iso".equals(iso.getKind())) {
                throw OvmException.invalid("isoImageId", "ISO image " + request.isoImageId() + " does not exist");
            }
            if (!serves.test(isoPool, host.getId())) {
                throw OvmException.invalid("isoImageId", "ISO image " + iso.getName() + " is in a pool local to "
                        + "another host than " + host.getName());
            }
            isoImageId = iso.getId();
        }
        if (image == null && request.diskGiB() == null) {
            throw OvmException.invalid("diskGiB", "an empty disk needs diskGiB (or give an imageId to clone)");
        }
        long bytes = request.diskGiB() != null ? request.diskGiB() * Sizes.GIB : image.getSizeBytes();
        if (image != null && bytes < image.getSizeBytes()) {
            throw OvmException.invalid("diskGiB", "the disk must be at least the template's size ("
                    + image.getSizeBytes() + " bytes)");
        }
        if (formats.isEmpty()) {
            throw OvmException.invalid("storagePoolId", "storage pool " + pool.getName() + " (" + pool.getType()
                    + ") holds no disk format that " + host.getType() + " host " + host.getName() + " can attach");
        }
        String format = formats.get(0);
        return new DiskPlan(imageId, isoImageId, poolId, cloneMode, bytes, format,
                name + "-disk0." + format);
    }

    /** Whole GiB the disk counts against the VDC's quota. */
    long quotaGiB() {
        return Sizes.gib(sizeBytes);
    }

    /** The create task's parameters. */
    InstanceParams.Create params(boolean start) {
        boolean disk = poolId != null;
        return new InstanceParams.Create(start, quotaGiB(), imageId, disk ? isoImageId : null, poolId,
                disk ? cloneMode : null, disk ? sizeBytes : null, volumeName, format);
    }
}
