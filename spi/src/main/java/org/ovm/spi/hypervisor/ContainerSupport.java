package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: the driver's instances are containers, not virtual machines. The kernel then gives
 * its instances the type {@code container}, creates them with {@link #defineContainer} instead
 * of {@link HypervisorDriver#define}, plans no disks for them, and accepts a create only with a
 * container block. {@link HypervisorDriver#stop} with {@link StopMode#FORCE} kills the container.
 *
 * @since 1.3
 */
@ConsumerType
public interface ContainerSupport {

    /**
     * Creates (not starts) a container: {@link VmSpec#cpus()} is its CPU limit, {@link
     * VmSpec#memoryMiB()} its hard memory limit; each NIC is plugged into the engine network its
     * {@link NicSpec#portRef()} names with the address {@link ContainerSpec#addresses()} gives.
     * Same contract as {@link HypervisorDriver#define}: fails with {@code CONFLICT} if the name is
     * taken, and with {@code NOT_FOUND} if the image is not on the host; leaves nothing behind
     * when it fails.
     */
    CompletionStage<InstanceInfo> defineContainer(OperationContext ctx, HostEndpoint host, VmSpec spec,
            ContainerSpec container);
}
