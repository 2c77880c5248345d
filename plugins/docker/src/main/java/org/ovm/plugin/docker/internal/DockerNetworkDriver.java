package org.ovm.plugin.docker.internal;

import java.util.Map;
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
 * Networks of type {@value #TYPE}: an OVM network realized on each container engine as a bridge
 * network with the network's subnet and gateway, named {@code ovm-<network id>}. Containers get
 * their IPAM address statically, so nothing is reserved here.
 */
public final class DockerNetworkDriver implements NetworkDriver {

    /** The network type. */
    public static final String TYPE = "container-bridge";

    private final Engines engines;

    public DockerNetworkDriver(DockerHypervisorDriver hypervisor) {
        this.engines = hypervisor.engines();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return Set.of();
    }

    static String engineName(NetworkSpec network) {
        return EngineNetworks.name(network.networkId());
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        if (!host.uri().startsWith("unix:") && !host.uri().startsWith("tcp:")) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "network "
                    + network.name() + " is a " + TYPE + " network, which only container hosts realize"));
        }
        return Async.call(ctx, "creating engine network for " + network.name(),
                () -> EngineNetworks.ensure(engines.of(host).api(), new EngineNetworks.Wanted(network.networkId(),
                        network.name(), network.vlan(), network.cidr(), network.gateway(), "bridge", Map.of())));
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return Async.run(ctx, "removing engine network of " + network.name(),
                () -> EngineNetworks.remove(engines.of(host).api(), engineName(network), network.name()));
    }

    /** The address is set on the container itself when it is created. */
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
