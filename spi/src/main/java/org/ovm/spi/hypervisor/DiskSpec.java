package org.ovm.spi.hypervisor;

/**
 * A disk to attach: a volume a storage driver created.
 *
 * @param volumePath where the hypervisor finds the volume: a path, a datastore path, or a URL such as
 *                   {@code nfs://10.0.0.5/srv/ovm/v1.qcow2} (KVM attaches that as a network disk
 *                   through QEMU's own NFS client, since 1.8)
 * @param format     {@code qcow2}, {@code raw}, {@code vmdk}
 * @param bus        {@code virtio}, {@code scsi}, {@code ide}, or null for the driver's default
 * @param readOnly   true for CD-ROMs and shared images
 * @param device     {@code disk} or {@code cdrom}
 */
public record DiskSpec(String volumePath, String format, String bus, boolean readOnly, String device) {

    public DiskSpec {
        device = device == null ? "disk" : device;
    }

    /** A disk (not a CD-ROM). */
    public DiskSpec(String volumePath, String format, String bus, boolean readOnly) {
        this(volumePath, format, bus, readOnly, "disk");
    }

    /** An ISO image as a read-only CD-ROM. */
    public static DiskSpec cdrom(String isoPath) {
        return new DiskSpec(isoPath, "raw", "sata", true, "cdrom");
    }
}
