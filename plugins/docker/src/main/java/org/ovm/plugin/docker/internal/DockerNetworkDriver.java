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

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;

/**
 * Networks of type {@value #TYPE}: an OVM network realized on each container engine as a bridge
 * network with the network's subnet and gateway, named {@code ovm-<network id>}. Containers get
 * their IPAM address statically, so nothing is reserved here.
 */
public final class DockerNetworkDriver implements NetworkDriver {

    /** The network type. */
    public static final String TYPE = "container-bridge";

    /** Label on the engine networks this driver makes: the OVM network's id. */
    static final String LABEL = "org.ovm.network";

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
        return "ovm-" + network.networkId();
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        if (!host.uri().startsWith("unix:") && !host.uri().startsWith("tcp:")) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "network "
                    + network.name() + " is a " + TYPE + " network, which only container hosts realize"));
        }
        return Async.call(ctx, "creating engine network for " + network.name(), () -> {
            DockerClient docker = engines.of(host).api();
            String name = engineName(network);
            for (Network n : docker.listNetworksCmd().exec()) {
                if (n.getName().equals(name)) {
                    return name;
                }
                String clash = overlapping(n, network.cidr());
                if (clash == null) {
                    continue;
                }
                Network inspected = docker.inspectNetworkCmd().withNetworkId(n.getId()).exec();
                boolean stale = inspected.getLabels() != null && inspected.getLabels().containsKey(LABEL)
                        && (inspected.getContainers() == null || inspected.getContainers().isEmpty());
                if (!stale) {
                    throw new DriverException(ErrorCode.CONFLICT, "the engine's network " + n.getName() + " already "
                            + "uses " + clash + ", which overlaps " + network.cidr() + " of network " + network.name()
                            + ": remove it from the engine, or give the OVM network another subnet");
                }
                // left behind by an OVM network that no longer exists: nothing is plugged into it
                docker.removeNetworkCmd(n.getId()).exec();
            }
            Network.Ipam.Config config = new Network.Ipam.Config().withSubnet(network.cidr());
            if (network.gateway() != null) {
                config.withGateway(network.gateway());
            }
            docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withIpam(new Network.Ipam().withConfig(config))
                    .withLabels(Map.of(LABEL, network.networkId())).exec();
            return name;
        });
    }

    /** The subnet of an engine network that overlaps {@code cidr}, or null. */
    static String overlapping(Network n, String cidr) {
        if (n.getIpam() == null || n.getIpam().getConfig() == null) {
            return null;
        }
        for (Network.Ipam.Config c : n.getIpam().getConfig()) {
            if (c.getSubnet() != null && Cidrs.overlap(c.getSubnet(), cidr)) {
                return c.getSubnet();
            }
        }
        return null;
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return Async.run(ctx, "removing engine network of " + network.name(), () -> {
            try {
                engines.of(host).api().removeNetworkCmd(engineName(network)).exec();
            } catch (RuntimeException e) {
                if (!DockerErrors.notFound(e)) {
                    throw e;
                }
            }
        });
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
