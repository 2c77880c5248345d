package org.ovm.plugin.esxi.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.VlanAttachment;

/**
 * VLAN networks on an ESXi host: a port group carrying the VLAN id on a standard vSwitch, made and
 * removed as {@link PortGroups} says ({@code ovm-<network name>}, or the network's
 * {@code portGroup} setting; vSwitch from its {@code vswitch} setting). Guests get their address
 * from the network's DHCP server on the VLAN or configure it themselves.
 */
final class EsxiVlans {

    private final EsxiCalls calls;

    EsxiVlans(EsxiCalls calls) {
        this.calls = calls;
    }

    CompletionStage<String> attach(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        if (network.vlan() < 1 || network.vlan() > 4094) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.INVALID, "VLAN " + network.vlan()
                    + " of network " + label(network) + " is not an 802.1Q VLAN id (1 to 4094)"));
        }
        String name = PortGroups.name(label(network), network.settings());
        return calls.call(ctx, host, "creating port group " + name + " for VLAN " + network.vlan(),
                s -> PortGroups.ensure(s, name, network.settings(), network.vlan(), label(network)));
    }

    CompletionStage<Void> detach(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        String name = PortGroups.name(label(network), network.settings());
        if (!PortGroups.owned(name)) {
            return CompletableFuture.completedFuture(null); // the host's own port group stays
        }
        return calls.call(ctx, host, "removing port group " + name, s -> {
            PortGroups.remove(s, name, label(network));
            return null;
        });
    }

    private static String label(VlanAttachment network) {
        return network.name() == null || network.name().isBlank() ? network.networkId() : network.name();
    }
}
