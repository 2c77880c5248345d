package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;

/**
 * Optional: storage live migration, moving a running instance's disk to another volume while the
 * guest keeps running (libvirt block copy: mirror, then pivot).
 *
 * @since 1.8
 */
@ConsumerType
public interface BlockCopySupport {

    /**
     * Copies the disk of the running instance whose volume is {@code fromPath} onto {@code to} (an
     * existing, empty volume of the same virtual size and no backing file, created by the kernel
     * through the target pool's storage driver), mirrors writes until both are in sync, then switches
     * the guest to {@code to}. The whole chain is copied (the copy is self-contained); afterwards the
     * instance's persistent definition names {@code to}, and {@code fromPath} is no longer used, so
     * the kernel may delete it. Reports progress. Fails with {@code NOT_FOUND} when the instance or
     * the disk is gone, {@code CONFLICT} when the instance does not run or already runs a block job on
     * that disk; on any failure (also the deadline) the job is aborted and the guest stays on
     * {@code fromPath}.
     *
     * @return the instance as it is afterwards
     */
    CompletionStage<InstanceInfo> copyDisk(OperationContext ctx, HostEndpoint host, String backendId, String fromPath,
            DiskSpec to, Progress progress);
}
