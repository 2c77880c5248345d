/**
 * Hypervisor drivers: turn instance requests into calls on a hypervisor's own remote API.
 *
 * <p>1.8: {@link org.ovm.spi.hypervisor.BlockCopySupport} (storage live migration),
 * {@link org.ovm.spi.hypervisor.MigrationSupport} (moving instances between hosts),
 * {@link org.ovm.spi.hypervisor.PauseSupport} (resuming guests paused on I/O errors),
 * {@link org.ovm.spi.hypervisor.DiskBackupSupport} (point-in-time copies of running disks), and
 * {@code nfs://} volume paths in {@link org.ovm.spi.hypervisor.DiskSpec}.
 *
 * <p>1.9: {@link org.ovm.spi.hypervisor.NasMountSupport} with {@link org.ovm.spi.hypervisor.NfsShare} (hosts
 * that mount an NFS pool's export themselves, as ESXi NAS datastores).
 *
 * <p>1.10: {@link org.ovm.spi.hypervisor.StorageMigrationSupport} (live migration with the disks, shared nothing;
 * a bandwidth cap; aborting a running migration).
 */
@org.osgi.annotation.versioning.Version("1.10.0")
package org.ovm.spi.hypervisor;
