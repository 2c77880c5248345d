package org.ovm.spi.network;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Realizes networks on hosts and plugs instance NICs into them. Registered with the
 * {@link #TYPE} property. Addresses are allocated by the kernel's IPAM, never by the driver;
 * the driver only makes the backend honour them (DHCP reservations, port tags).
 */
@ConsumerType
public interface NetworkDriver {

    /** Service property naming the network type ({@code vlan}, ...). */
    String TYPE = "network.type";

    /** The network type this driver serves. */
    String type();

    /** Optional features of this driver. */
    Set<NetworkCapability> capabilities();

    /**
     * Makes a network exist on a host (bridge, port group, DHCP server). Idempotent.
     *
     * @return where NICs of this network plug in on that host
     */
    CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host);

    /**
     * Removes a network from a host (its ports, its DHCP server). The kernel calls it for every host
     * the network was realized on when the network is deleted, once no NIC uses it. Idempotent.
     */
    CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host);

    /**
     * Makes the backend hand {@code ip} to {@code mac} (a DHCP reservation). Idempotent for the
     * same pair; the kernel compensates with {@link #releaseAddress}.
     */
    CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host, String mac,
            String ip);

    /** Drops a reservation. Idempotent. */
    CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host, String mac);

    /**
     * {@link #realize(OperationContext, NetworkSpec, HostEndpoint)} knowing the host's type and
     * hypervisor driver, which is what the kernel calls. Drivers serving several host types override
     * the four {@link NetworkTarget} methods; the defaults call the host-only ones.
     *
     * @since 1.1
     */
    default CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, NetworkTarget target) {
        return realize(ctx, network, target.host());
    }

    /** @since 1.1 */
    default CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, NetworkTarget target) {
        return unrealize(ctx, network, target.host());
    }

    /** @since 1.1 */
    default CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac, String ip) {
        return reserveAddress(ctx, network, target.host(), mac, ip);
    }

    /** @since 1.1 */
    default CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac) {
        return releaseAddress(ctx, network, target.host(), mac);
    }

    /** Frees cached connections for a host that was removed or changed. Never fails. */
    default void release(String hostId) {
    }
}
