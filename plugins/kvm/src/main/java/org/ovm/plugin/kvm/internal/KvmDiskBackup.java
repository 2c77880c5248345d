package org.ovm.plugin.kvm.internal;

import java.time.Instant;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A point-in-time copy of a running domain's disk onto an existing, empty volume while the guest
 * keeps running on its own disk: the block copy of {@link KvmBlockCopy}, and once the mirror is in
 * sync the job is aborted <em>without</em> a pivot. QEMU documents that cancelling a mirror after it
 * is ready completes it with the destination holding a point-in-time copy of the instant of the
 * cancel. When the guest agent answers, the guest's file systems are frozen for that instant
 * ({@link DiskBackupSupport#QUIESCED}); otherwise the copy is crash-consistent. Blocking.
 */
final class KvmDiskBackup {

    private static final Logger LOG = LoggerFactory.getLogger(KvmDiskBackup.class);

    private KvmDiskBackup() {
    }

    /** See {@link DiskBackupSupport#backupDisk}; returns the consistency. */
    static String backup(Connect connect, Domain domain, String fromPath, DiskSpec to, Instant deadline,
            Progress progress) throws LibvirtException {
        String name = domain.getName();
        String definition = domain.isPersistent() == 1 ? domain.getXMLDesc(KvmBlockCopy.SECURE_INACTIVE_XML) : null;
        String target = KvmBlockCopy.start(domain, fromPath, to, progress);
        boolean frozen = false;
        try {
            KvmBlockCopy.waitForSync(domain, target, deadline, progress);
            frozen = GuestAgent.freeze(domain);
            // no pivot: the mirror stops here and the destination keeps the disk as it is at this instant
            domain.blockJobAbort(target, 0);
        } catch (LibvirtException | RuntimeException e) {
            KvmBlockCopy.abortQuietly(domain, target, e);
            throw e;
        } finally {
            if (frozen) {
                GuestAgent.thaw(domain);
            }
        }
        String live = domain.getXMLDesc(0);
        if (DomainXml.diskTarget(live, fromPath) == null) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "the backup of disk " + target + " of " + name
                    + " left the guest on " + DomainXml.details(live).get("disks"));
        }
        if (definition != null && DomainXml.diskTarget(domain.getXMLDesc(KvmBlockCopy.SECURE_INACTIVE_XML),
                to.volumePath()) != null) {
            LOG.warn("libvirt put the backup {} into {}'s definition; restoring the definition", to.volumePath(), name);
            connect.domainDefineXML(definition);
        }
        String consistency = frozen ? DiskBackupSupport.QUIESCED : DiskBackupSupport.CRASH;
        LOG.info("backup of {} disk {} to {} done ({})", name, target, to.volumePath(), consistency);
        progress.report(100, "disk " + target + " backed up to " + to.volumePath() + " (" + consistency + ")");
        return consistency;
    }
}
