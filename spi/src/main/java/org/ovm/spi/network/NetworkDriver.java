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

    /** Removes a network from a host once no NIC uses it. Idempotent. */
    CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host);

    /**
     * Makes the backend hand {@code ip} to {@code mac} (a DHCP reservation). Idempotent for the
     * same pair; the kernel compensates with {@link #releaseAddress}.
     */
    CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host, String mac,
            String ip);

    /** Drops a reservation. Idempotent. */
    CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host, String mac);

    /** Frees cached connections for a host that was removed or changed. Never fails. */
    default void release(String hostId) {
    }
}
