package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;

/**
 * Optional: a point-in-time copy of a running instance's disk while the guest keeps running on it
 * (what a backup of a running instance copies).
 *
 * @since 1.8
 */
@ConsumerType
public interface DiskBackupSupport {

    /** The guest agent froze the guest's file systems for the instant of the copy. */
    String QUIESCED = "quiesced";

    /** No guest agent answered: the copy is what a power cut at that instant would have left. */
    String CRASH = "crash";

    /**
     * Copies the disk of the running instance whose volume is {@code fromPath} onto {@code to} (an
     * existing, empty volume of the same virtual size and no backing file, created by the kernel through
     * the target pool's storage driver) as the disk is at one instant, while the guest keeps running on
     * {@code fromPath}; the whole chain is copied (the copy is self-contained). Quiesced through the
     * guest agent when one answers (the file systems are frozen only for that instant), crash-consistent
     * otherwise. Reports progress. Fails with {@code NOT_FOUND} when the instance or the disk is gone,
     * {@code CONFLICT} when it does not run or already runs a block job on that disk; on any failure
     * (also the deadline) the job is aborted, the guest is unaffected and {@code to} holds nothing
     * usable (the kernel deletes it).
     *
     * @return {@link #QUIESCED} or {@link #CRASH}
     */
    CompletionStage<String> backupDisk(OperationContext ctx, HostEndpoint host, String backendId, String fromPath,
            DiskSpec to, Progress progress);
}
