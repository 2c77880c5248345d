package org.ovm.plugin.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.ContainerSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VlanAttachment;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.ContractSupport;

import com.github.dockerjava.api.model.Network;

/**
 * VLAN networks as {@code macvlan} engine networks on the real engine of
 * {@code ./ovm backends up docker}, whose network namespace {@value #NETNS} gets the test's own
 * parent interfaces: veth pairs {@code i15h-p<vlan>} / {@code i15h-q<vlan>}, both inside it.
 */
class DockerVlanAttachTest extends ContractSupport {

    private static final String NETNS = "ovm-docker";
    private static final List<Integer> VLANS = List.of(100, 101);

    private final DockerHypervisorDriver docker = new DockerHypervisorDriver();
    private final HostEndpoint host = new HostEndpoint("docker-vlan-test", DockerBackend.env("DOCKER_HOST"), null,
            null, Map.of(MacvlanNetworks.PARENT_SETTING, "i15h-p{vlan}"));

    @AfterEach
    void closeClients() {
        docker.close();
    }

    @BeforeAll
    static void parents() throws Exception {
        DockerBackend.env("DOCKER_HOST");
        if (!Files.exists(Path.of("/run/netns", NETNS))) {
            throw new IllegalStateException("the network namespace " + NETNS + " of the test engine does not exist: "
                    + "run './ovm backends up docker'");
        }
        removeParents();
        for (int vlan : VLANS) {
            ip("-n", NETNS, "link", "add", "i15h-p" + vlan, "type", "veth", "peer", "name", "i15h-q" + vlan);
            ip("-n", NETNS, "link", "set", "i15h-p" + vlan, "up");
            ip("-n", NETNS, "link", "set", "i15h-q" + vlan, "up");
        }
    }

    @AfterAll
    static void removeParents() throws Exception {
        for (int vlan : VLANS) {
            // deleting one end of a veth pair deletes both; absent already is fine
            run(List.of("ip", "-n", NETNS, "link", "del", "i15h-p" + vlan), false);
        }
    }

    private static VlanAttachment vlan(int vlan, String cidr, String gateway) {
        String id = UUID.randomUUID().toString();
        return new VlanAttachment(id, "vlan-" + id.substring(0, 6), vlan, cidr, gateway, Map.of());
    }

    @Test
    void aContainerOnAVlanGetsItsIpamAddressAndMac() throws Exception {
        VlanAttachment net = vlan(100, "10.190.0.0/24", "10.190.0.1");
        String port = await(docker.attachVlan(ctx(), host, net));
        try {
            assertThat(port).isEqualTo("ovm-" + net.networkId());
            assertThat(await(docker.attachVlan(ctx(), host, net))).as("idempotent").isEqualTo(port);
            Network engine = docker.engines().of(host).api().inspectNetworkCmd().withNetworkId(port).exec();
            assertThat(engine.getDriver()).isEqualTo("macvlan");
            assertThat(engine.getOptions()).containsEntry("parent", "i15h-p100");
            assertThat(engine.getLabels()).containsEntry(EngineNetworks.LABEL, net.networkId())
                    .containsEntry(EngineNetworks.VLAN_LABEL, "100");
            assertThat(engine.getIpam().getConfig().get(0).getSubnet()).isEqualTo("10.190.0.0/24");
            assertThat(engine.getIpam().getConfig().get(0).getGateway()).isEqualTo("10.190.0.1");

            String mac = "02:42:ac:be:00:07";
            InstanceInfo c = await(docker.defineContainer(ctx(), host, new VmSpec(uniqueName(), 1, 32, null,
                    List.of(new NicSpec(mac, port, 100, null)), null), new ContainerSpec(DockerBackend.image(),
                            List.of("sleep", "120"), null, null, null, null, null, null, List.of("10.190.0.7"))));
            try {
                await(docker.start(ctx(), host, c.backendId()));
                String inspected = cli("inspect", "-f",
                        "{{range $n, $e := .NetworkSettings.Networks}}{{$n}} {{$e.IPAddress}} {{$e.MacAddress}} "
                                + "{{$e.Gateway}}{{end}}", c.backendId());
                assertThat(inspected.trim()).isEqualTo(port + " 10.190.0.7 " + mac + " 10.190.0.1");
                String inside = cli("exec", c.backendId(), "ip", "addr", "show", "eth0");
                assertThat(inside).contains("inet 10.190.0.7/24", "link/ether " + mac);
                String pid = cli("inspect", "-f", "{{.State.Pid}}", c.backendId()).trim();
                assertThat(await(docker.nicNamespace(ctx(), host, mac.toUpperCase(java.util.Locale.ROOT))))
                        .as("the container's network namespace, found by its NIC's MAC")
                        .contains("/proc/" + pid + "/ns/net");
                assertThat(await(docker.nicNamespace(ctx(), host, "02:42:ac:be:00:99"))).as("no such NIC").isEmpty();

                await(docker.stop(ctx(), host, c.backendId(), org.ovm.spi.hypervisor.StopMode.FORCE));
                assertThatThrownBy(() -> await(docker.detachVlan(ctx(), host, net)))
                        .as("a stopped container still needs the network").satisfies(e -> {
                            assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT);
                            assertThat(e.getCause().getMessage()).contains(c.name());
                        });
            } finally {
                await(docker.undefine(ctx(), host, c.backendId()));
            }
        } finally {
            await(docker.detachVlan(ctx(), host, net));
        }
        assertThat(cli("network", "ls", "-q", "--filter", "name=" + port)).isBlank();
        await(docker.detachVlan(ctx(), host, net));
    }

    @Test
    void aMissingParentInterfaceIsNamedWithTheSetting() {
        HostEndpoint unset = new HostEndpoint("docker-vlan-unset", DockerBackend.env("DOCKER_HOST"), null, null,
                Map.of());
        assertThatThrownBy(() -> await(docker.attachVlan(ctx(), unset, vlan(100, "10.190.2.0/24", null))))
                .satisfies(e -> {
                    assertThat(codeOf(e)).isEqualTo(ErrorCode.UNSUPPORTED);
                    assertThat(e.getCause().getMessage()).contains("eth0.100", "macvlanParent", "is not set");
                });
        HostEndpoint wrong = new HostEndpoint("docker-vlan-wrong", DockerBackend.env("DOCKER_HOST"), null, null,
                Map.of(MacvlanNetworks.PARENT_SETTING, "i15h-nx{vlan}"));
        assertThatThrownBy(() -> await(docker.attachVlan(ctx(), wrong, vlan(100, "10.190.2.0/24", null))))
                .satisfies(e -> {
                    assertThat(codeOf(e)).isEqualTo(ErrorCode.UNSUPPORTED);
                    assertThat(e.getCause().getMessage()).contains("i15h-nx100", "'i15h-nx{vlan}'");
                });
        assertThat(cli("network", "ls", "-q", "--filter", "label=" + EngineNetworks.VLAN_LABEL + "=100",
                "--filter", "driver=macvlan")).as("nothing left behind").isBlank();
    }

    @Test
    void aLeftoverOnTheSameVlanIsReplacedAnOverlapOnAnotherVlanIsAConflict() {
        VlanAttachment gone = vlan(101, "10.190.1.0/24", null);
        String leftover = await(docker.attachVlan(ctx(), host, gone));
        VlanAttachment fresh = vlan(101, "10.190.1.0/25", null);
        String port = await(docker.attachVlan(ctx(), host, fresh));
        try {
            assertThat(cli("network", "ls", "-q", "--filter", "name=" + leftover)).isBlank();
            assertThatThrownBy(() -> await(docker.attachVlan(ctx(), host, vlan(100, "10.190.1.0/26", null))))
                    .satisfies(e -> {
                        assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getCause().getMessage()).contains(port, "VLAN 101", "10.190.1.0/25");
                    });
        } finally {
            await(docker.detachVlan(ctx(), host, fresh));
        }
    }

    /** The docker CLI against the test engine (an independent client). */
    private static String cli(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
        command.addAll(List.of("-H", DockerBackend.env("DOCKER_HOST")));
        command.addAll(List.of(args));
        try {
            return run(command, true);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command, true);
    }

    /** Runs a command; its output, or (when {@code check}) an exception with it when the command failed. */
    private static String run(List<String> command, boolean check) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (check && p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
