package org.ovm.plugin.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.ovm.plugin.docker.internal.Engines.Engine;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.ContainerSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.testkit.ContractSupport;

/** Engine networks for OVM networks, and containers given their IPAM address on them, on the real engine. */
class DockerNetworkDriverTest extends ContractSupport {

    private final DockerHypervisorDriver docker = new DockerHypervisorDriver();
    private final DockerNetworkDriver networks = new DockerNetworkDriver(docker);
    private final HostEndpoint host = DockerBackend.local();

    private static NetworkSpec network(String cidr, String gateway) {
        return new NetworkSpec(UUID.randomUUID().toString(), "net-" + UUID.randomUUID().toString().substring(0, 6), 0,
                cidr, gateway, Map.of());
    }

    @Test
    void aContainerGetsTheAddressIpamGaveIt() {
        NetworkSpec net = network("10.89.3.0/24", "10.89.3.1");
        String port = await(networks.realize(ctx(), net, host));
        try {
            assertThat(await(networks.realize(ctx(), net, host))).as("idempotent").isEqualTo(port);
            String name = uniqueName();
            InstanceInfo c = await(docker.defineContainer(ctx(), host, new VmSpec(name, 1, 32, null,
                    List.of(new NicSpec("02:42:ac:59:03:07", port, 0, null)), null), new ContainerSpec(
                            DockerBackend.image(), List.of("sleep", "60"), null, null, null, null, null, null,
                            List.of("10.89.3.7"))));
            try {
                await(docker.start(ctx(), host, c.backendId()));
                InstanceInfo running = await(docker.findInstance(ctx(), host, c.backendId())).orElseThrow();
                assertThat(running.details()).containsEntry("network." + port, "10.89.3.7");
            } finally {
                await(docker.undefine(ctx(), host, c.backendId()));
            }
        } finally {
            await(networks.unrealize(ctx(), net, host));
        }
        await(networks.unrealize(ctx(), net, host));
    }

    @Test
    void aStaleOvmNetworkIsReplacedAndAForeignOneIsAConflict() {
        NetworkSpec stale = network("10.89.4.0/24", null);
        await(networks.realize(ctx(), stale, host));
        NetworkSpec fresh = network("10.89.4.0/24", null);
        String port = await(networks.realize(ctx(), fresh, host));
        assertThat(port).isEqualTo(DockerNetworkDriver.engineName(fresh));
        await(networks.unrealize(ctx(), fresh, host));

        Engine engine = docker.engines().of(host);
        String foreign = "foreign-" + UUID.randomUUID().toString().substring(0, 6);
        engine.api().createNetworkCmd().withName(foreign).withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet("10.89.5.0/24")))
                .exec();
        try {
            assertThatThrownBy(() -> await(networks.realize(ctx(), network("10.89.5.0/25", null), host)))
                    .satisfies(e -> {
                        assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getCause().getMessage()).contains(foreign, "10.89.5.0/24");
                    });
        } finally {
            engine.api().removeNetworkCmd(foreign).exec();
        }
    }

    @Test
    void notAContainerHostIsUnsupported() {
        HostEndpoint kvm = new HostEndpoint("kvm", "qemu:///system", null, null, Map.of());
        assertThatThrownBy(() -> await(networks.realize(ctx(), network("10.89.6.0/24", null), kvm)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNSUPPORTED));
    }
}
