package org.ovm.plugin.esxi.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;

/**
 * Networks of type {@value #TYPE}: an OVM network realized on an ESXi host as a port group of a
 * standard vSwitch ({@code vSwitch0} unless the network's {@code vswitch} setting names another)
 * carrying the network's VLAN id. The port group is named by the network's {@code portGroup}
 * setting, which may name one that exists already ({@code VM Network}: it is used as it is and
 * never removed), else {@code ovm-<network name>} (see {@link PortGroups}). Guests configure their
 * IPAM address themselves; DHCP comes with the networks issue.
 */
public final class EsxiPortGroupDriver implements NetworkDriver {

    /** The network type. */
    public static final String TYPE = "portgroup";

    private final EsxiCalls calls;

    public EsxiPortGroupDriver(EsxiHypervisorDriver hypervisor) {
        this.calls = new EsxiCalls(hypervisor.sessions());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return Set.of();
    }

    static String portGroup(NetworkSpec network) {
        return PortGroups.name(network.name(), network.settings());
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        if (!host.uri().startsWith("https:")) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "network "
                    + network.name() + " is a " + TYPE + " network, which only ESXi hosts realize"));
        }
        String name = portGroup(network);
        return calls.call(ctx, host, "creating port group " + name,
                s -> PortGroups.ensure(s, name, network.settings(), network.vlan(), network.name()));
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        String name = portGroup(network);
        if (!PortGroups.owned(name)) {
            return CompletableFuture.completedFuture(null); // the host's own port group stays
        }
        return calls.call(ctx, host, "removing port group " + name, s -> {
            PortGroups.remove(s, name, network.name());
            return null;
        });
    }

    @Override
    public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac, String ip) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac) {
        return CompletableFuture.completedFuture(null);
    }
}
