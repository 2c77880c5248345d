package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: attaching volumes to and detaching them from an existing instance (running or
 * stopped; the change is persistent). Both are idempotent for the same volume path.
 */
@ConsumerType
public interface DiskAttachSupport {

    CompletionStage<InstanceInfo> attachDisk(OperationContext ctx, HostEndpoint host, String backendId, DiskSpec disk);

    CompletionStage<InstanceInfo> detachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String volumePath);
}
