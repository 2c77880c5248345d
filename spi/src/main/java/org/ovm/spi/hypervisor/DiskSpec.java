package org.ovm.spi.hypervisor;

/**
 * A disk to attach: a volume a storage driver created.
 *
 * @param volumePath where the hypervisor finds the volume (path, URL or datastore path)
 * @param format     {@code qcow2}, {@code raw}, {@code vmdk}
 * @param bus        {@code virtio}, {@code scsi}, {@code ide}, or null for the driver's default
 * @param readOnly   true for CD-ROMs and shared images
 */
public record DiskSpec(String volumePath, String format, String bus, boolean readOnly) {
}
