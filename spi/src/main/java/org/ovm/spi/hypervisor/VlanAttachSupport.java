package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: how this hypervisor's instances plug into a VLAN network, for network drivers that
 * serve several host types without importing hypervisor plugins (see
 * {@link org.ovm.spi.network.NetworkTarget}). The host side is what the hypervisor's own API
 * offers: an ESXi port group with the VLAN id on a standard vSwitch, a Docker {@code macvlan}
 * network on the host's VLAN interface. Instances get their IPAM address from the kernel
 * (containers statically; guests by DHCP or their own configuration).
 *
 * @since 1.6
 */
@ConsumerType
public interface VlanAttachSupport {

    /**
     * Makes the VLAN network exist on the host. Idempotent.
     *
     * @return the port reference NICs of this network carry on this host ({@link NicSpec#portRef()})
     */
    CompletionStage<String> attachVlan(OperationContext ctx, HostEndpoint host, VlanAttachment network);

    /** Removes the VLAN network from the host once nothing is plugged into it. Idempotent. */
    CompletionStage<Void> detachVlan(OperationContext ctx, HostEndpoint host, VlanAttachment network);
}
