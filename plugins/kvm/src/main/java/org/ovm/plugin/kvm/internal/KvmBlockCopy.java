package org.ovm.plugin.kvm.internal;

import java.time.Instant;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainBlockJobInfo;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUlongParameter;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage live migration of one disk of a running domain: libvirt block copy onto an existing, empty
 * volume ({@code REUSE_EXT}), polled until the mirror is in sync, then a pivot; any failure (also the
 * deadline) aborts the job and leaves the guest on its old volume. Blocking.
 *
 * <p>Measured on libvirt 9.0 / QEMU 7.2: a persistent domain needs {@code TRANSIENT_JOB} (else
 * "domain is not transient"), and the pivot rewrites the persistent definition too; the definition
 * is still checked afterwards and redefined when it names the old volume.
 */
final class KvmBlockCopy {

    private static final Logger LOG = LoggerFactory.getLogger(KvmBlockCopy.class);

    /** {@code VIR_DOMAIN_BLOCK_COPY_REUSE_EXT}: the destination exists already (created by the storage driver). */
    static final int REUSE_EXT = 2;
    /** {@code VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB}: allowed on persistent domains; the job does not survive a restart. */
    static final int TRANSIENT_JOB = 4;
    /** {@code VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT}. */
    static final int PIVOT = 2;
    /** {@code VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN}: what getBlockJobInfo reports when no job runs. */
    static final int NO_JOB = 0;
    /** How often the job is polled. */
    static final long POLL_MILLIS = 250;
    static final int SECURE_INACTIVE_XML = 1 | 2;

    private KvmBlockCopy() {
    }

    /**
     * Copies the disk whose source is {@code fromPath} onto {@code to} and pivots to it; see
     * {@link org.ovm.spi.hypervisor.BlockCopySupport#copyDisk}.
     */
    static void copy(Connect connect, Domain domain, String fromPath, DiskSpec to, Instant deadline,
            Progress progress) throws LibvirtException {
        String name = domain.getName();
        String target = start(domain, fromPath, to, progress);
        try {
            waitForSync(domain, target, deadline, progress);
            domain.blockJobAbort(target, PIVOT);
        } catch (LibvirtException | RuntimeException e) {
            abortQuietly(domain, target, e);
            throw e;
        }
        String live = domain.getXMLDesc(0);
        if (DomainXml.diskTarget(live, to.volumePath()) == null) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "the pivot of disk " + target + " of " + name
                    + " left the guest on " + DomainXml.details(live).get("disks"));
        }
        String persistent = domain.getXMLDesc(SECURE_INACTIVE_XML);
        if (DomainXml.diskTarget(persistent, to.volumePath()) == null) {
            LOG.info("libvirt kept the old volume in {}'s definition; redefining it with {}", name, to.volumePath());
            connect.domainDefineXML(DomainXml.withDiskSource(persistent, target, to));
        }
        progress.report(100, "disk " + target + " now on " + to.volumePath());
    }

    /**
     * Starts a block copy of the running domain's disk whose source is {@code fromPath} onto the
     * existing, empty volume {@code to} (the whole chain: the copy is self-contained) and returns the
     * disk's target name; {@code CONFLICT} when the domain does not run or the disk already runs a
     * job, {@code NOT_FOUND} when it has no such disk. Shared by the copy and the backup.
     */
    static String start(Domain domain, String fromPath, DiskSpec to, Progress progress) throws LibvirtException {
        String name = domain.getName();
        if (domain.isActive() == 0) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + name + " is not running: a stopped instance's "
                    + "volume is copied by the storage drivers");
        }
        String target = DomainXml.diskTarget(domain.getXMLDesc(0), fromPath);
        if (target == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "domain " + name + " has no disk " + fromPath);
        }
        if (domain.getBlockJobInfo(target, 0).type != NO_JOB) {
            throw new DriverException(ErrorCode.CONFLICT, "disk " + target + " of domain " + name
                    + " already runs a block job; wait for it to end");
        }
        LOG.info("block copy of {} disk {} ({}) to {}", name, target, fromPath, to.volumePath());
        progress.report(0, "copying disk " + target + " to " + to.volumePath());
        // libvirt-java cannot pass an empty parameter list: bandwidth 0 means unlimited
        domain.blockCopy(target, DomainXml.copyDestination(to),
                new TypedParameter[] {new TypedUlongParameter("bandwidth", 0)}, REUSE_EXT | TRANSIENT_JOB);
        return target;
    }

    /** Polls the job until the mirror is in sync (cur == end): fails if it vanished or the deadline passed. */
    static void waitForSync(Domain domain, String target, Instant deadline, Progress progress)
            throws LibvirtException {
        int reported = -1;
        while (true) {
            DomainBlockJobInfo job = domain.getBlockJobInfo(target, 0);
            if (job.type == NO_JOB) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, "the block copy of disk " + target
                        + " ended before it was in sync (the destination failed; see the host's libvirt log)");
            }
            if (job.end > 0 && job.cur == job.end) {
                return;
            }
            int percent = job.end <= 0 ? 0 : (int) Math.min(99, job.cur * 100 / job.end);
            if (percent != reported) {
                progress.report(percent, "copying disk " + target + ": " + job.cur + " of " + job.end + " bytes");
                reported = percent;
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new DriverException(ErrorCode.TIMEOUT, "the block copy of disk " + target
                        + " was not in sync by the deadline (" + job.cur + " of " + job.end + " bytes)");
            }
            sleep();
        }
    }

    static void abortQuietly(Domain domain, String target, Exception cause) {
        try {
            if (domain.getBlockJobInfo(target, 0).type != NO_JOB) {
                domain.blockJobAbort(target, 0);
                LOG.info("block copy of disk {} aborted; the guest stays on its old volume", target);
            }
        } catch (LibvirtException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while copying a disk");
        }
    }
}
