package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: changing an instance's vCPUs and memory. Stopped instances are resized by every
 * implementation; running ones only by drivers that list {@link HypervisorCapability#HOT_RESIZE}
 * (the kernel refuses otherwise). Idempotent for the same target size.
 */
@ConsumerType
public interface ResizeSupport {

    /** Sets the instance's vCPUs and memory; fails with {@code CONFLICT} if it cannot while running. */
    CompletionStage<InstanceInfo> resize(OperationContext ctx, HostEndpoint host, String backendId, int cpus,
            long memoryMiB);
}
