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

import com.vmware.vim25.HostNetworkPolicy;
import com.vmware.vim25.HostPortGroup;
import com.vmware.vim25.HostPortGroupSpec;
import com.vmware.vim25.mo.HostNetworkSystem;

/**
 * Networks of type {@value #TYPE}: an OVM network realized on an ESXi host as a port group of a
 * standard vSwitch ({@code vSwitch0} unless the network's {@code vswitch} setting names another)
 * carrying the network's VLAN id. The port group is named by the network's {@code portGroup}
 * setting, which may name one that exists already ({@code VM Network}: it is used as it is and
 * never removed), else {@code ovm-<network name>}. Guests configure their IPAM address
 * themselves; DHCP comes with the networks issue.
 */
public final class EsxiPortGroupDriver implements NetworkDriver {

    /** The network type. */
    public static final String TYPE = "portgroup";
    static final String PREFIX = "ovm-";

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
        String named = network.settings().get("portGroup");
        return named == null || named.isBlank() ? PREFIX + network.name() : named;
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        if (!host.uri().startsWith("https:")) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "network "
                    + network.name() + " is a " + TYPE + " network, which only ESXi hosts realize"));
        }
        String name = portGroup(network);
        String vswitch = network.settings().getOrDefault("vswitch", "vSwitch0");
        return calls.call(ctx, host, "creating port group " + name, s -> {
            HostNetworkSystem net = s.host.getHostNetworkSystem();
            HostPortGroup existing = find(net, name);
            if (existing != null) {
                if (existing.getSpec().getVlanId() != network.vlan() && name.startsWith(PREFIX)) {
                    HostPortGroupSpec spec = existing.getSpec();
                    spec.setVlanId(network.vlan());
                    net.updatePortGroup(name, spec);
                } else if (existing.getSpec().getVlanId() != network.vlan()) {
                    throw new DriverException(ErrorCode.CONFLICT, "port group " + name + " carries VLAN "
                            + existing.getSpec().getVlanId() + ", network " + network.name() + " has VLAN "
                            + network.vlan() + ": give the network the port group's VLAN or another port group");
                }
                return name;
            }
            if (!name.startsWith(PREFIX)) {
                throw new DriverException(ErrorCode.INVALID, "the host has no port group " + name);
            }
            HostPortGroupSpec spec = new HostPortGroupSpec();
            spec.setName(name);
            spec.setVlanId(network.vlan());
            spec.setVswitchName(vswitch);
            spec.setPolicy(new HostNetworkPolicy());
            net.addPortGroup(spec);
            return name;
        });
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        String name = portGroup(network);
        if (!name.startsWith(PREFIX)) {
            return CompletableFuture.completedFuture(null); // the host's own port group stays
        }
        return calls.call(ctx, host, "removing port group " + name, s -> {
            HostNetworkSystem net = s.host.getHostNetworkSystem();
            if (find(net, name) != null) {
                net.removePortGroup(name);
            }
            return null;
        });
    }

    private static HostPortGroup find(HostNetworkSystem net, String name) {
        HostPortGroup[] groups = net.getNetworkInfo().getPortgroup();
        for (HostPortGroup g : groups == null ? new HostPortGroup[0] : groups) {
            if (name.equals(g.getSpec().getName())) {
                return g;
            }
        }
        return null;
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
