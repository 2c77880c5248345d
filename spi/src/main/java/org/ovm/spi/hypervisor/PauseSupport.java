package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: resuming a paused instance. Hypervisors pause a guest whose disk stops answering (an
 * NFS server that went away) rather than hand I/O errors to it; {@link InstanceInfo#details()} then
 * holds {@link #PAUSE_REASON} = {@link #IO_ERROR}, and the kernel resumes it once its storage is
 * back.
 *
 * @since 1.8
 */
@ConsumerType
public interface PauseSupport {

    /** Key in {@link InstanceInfo#details()} saying why a {@code PAUSED} instance is paused. */
    String PAUSE_REASON = "pauseReason";

    /** {@link #PAUSE_REASON} of an instance paused because its storage failed. */
    String IO_ERROR = "io-error";

    /**
     * Resumes a paused instance; a running one completes normally. Fails with {@code NOT_FOUND} when
     * it is gone, {@code CONFLICT} when it is stopped or cannot resume (the storage still fails).
     *
     * @return the instance as it is afterwards
     */
    CompletionStage<InstanceInfo> resume(OperationContext ctx, HostEndpoint host, String backendId);
}
