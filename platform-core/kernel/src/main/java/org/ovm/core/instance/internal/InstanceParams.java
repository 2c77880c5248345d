package org.ovm.core.instance.internal;

import org.ovm.core.task.internal.TaskParams;

/** The parameters of the instance operations ({@link InstanceOperations}), one record each. */
public final class InstanceParams {

    private InstanceParams() {
    }

    /**
     * {@code instance.create}: the boot disk (all null without a disk) and whether to power on.
     *
     * @param quotaDiskGiB the disk GiB claimed against the VDC's quota, given back on rollback
     * @param volumeFormat the disk's format; null in tasks of engines before the drivers named it
     * @param container    a container's checked block ({@link org.ovm.core.instance.ContainerRequest}) as JSON,
     *                     null for virtual machines
     * @param guestOs      the guest OS id the request named, or null
     */
    public record Create(boolean start, Long quotaDiskGiB, String imageId, String isoImageId, String storagePoolId,
            String cloneMode, Long diskBytes, String volumeName, String volumeFormat, String container, String guestOs)
            implements TaskParams {

        /** A create without a guest OS id. */
        public Create(boolean start, Long quotaDiskGiB, String imageId, String isoImageId, String storagePoolId,
                String cloneMode, Long diskBytes, String volumeName, String volumeFormat, String container) {
            this(start, quotaDiskGiB, imageId, isoImageId, storagePoolId, cloneMode, diskBytes, volumeName,
                    volumeFormat, container, null);
        }

        /** A virtual machine's create. */
        public Create(boolean start, Long quotaDiskGiB, String imageId, String isoImageId, String storagePoolId,
                String cloneMode, Long diskBytes, String volumeName, String volumeFormat) {
            this(start, quotaDiskGiB, imageId, isoImageId, storagePoolId, cloneMode, diskBytes, volumeName,
                    volumeFormat, null);
        }

        /** The same create, of a container. */
        public Create withContainer(String containerJson) {
            return new Create(start, quotaDiskGiB, imageId, isoImageId, storagePoolId, cloneMode, diskBytes,
                    volumeName, volumeFormat, containerJson, guestOs);
        }

        /** The same create, with a guest OS id. */
        public Create withGuestOs(String id) {
            return new Create(start, quotaDiskGiB, imageId, isoImageId, storagePoolId, cloneMode, diskBytes,
                    volumeName, volumeFormat, container, id);
        }
    }

    /** {@code instance.start} and {@code instance.reboot}. */
    public record Power(String backendId) implements TaskParams {
    }

    /** {@code instance.stop}: graceful unless {@code force}; the guest's time to shut down. */
    public record Stop(String backendId, boolean force, Integer timeoutSeconds) implements TaskParams {
    }

    /** {@code instance.resize}: the new size and the change claimed with the request. */
    public record Resize(String backendId, int cpus, long memoryMiB, int cpuDelta, long memoryDelta)
            implements TaskParams {
    }

    /** {@code instance.delete}: also delete the instance's volumes. */
    public record Delete(boolean deleteVolumes) implements TaskParams {
    }
}
