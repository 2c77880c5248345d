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

    /**
     * Attaches a volume to the instance, persistently (and live if it runs). Called by the
     * kernel's volume-attach task, serialized per instance; idempotent for the same
     * {@link DiskSpec#path()}. Fails with {@code NOT_FOUND} if the instance is gone, with
     * {@code CONFLICT} if the device name is taken by another volume. The kernel compensates with
     * {@link #detachDisk}.
     *
     * @return the instance as it is afterwards
     */
    CompletionStage<InstanceInfo> attachDisk(OperationContext ctx, HostEndpoint host, String backendId, DiskSpec disk);

    /**
     * Detaches the volume at {@code volumePath} from the instance, persistently (and live if it
     * runs); the volume itself stays. Called by the volume-detach task and as the compensation of
     * {@link #attachDisk}; idempotent: a volume that is not attached completes normally.
     *
     * @return the instance as it is afterwards
     */
    CompletionStage<InstanceInfo> detachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String volumePath);
}
