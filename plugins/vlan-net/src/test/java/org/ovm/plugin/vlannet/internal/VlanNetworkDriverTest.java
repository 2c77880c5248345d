package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.NicNamespaceSupport;
import org.ovm.spi.hypervisor.VlanAttachSupport;
import org.ovm.spi.hypervisor.VlanAttachment;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/** How the driver dispatches on the host's type, with fakes for commands and hypervisor drivers. */
class VlanNetworkDriverTest {

    @TempDir
    Path state;

    private final FakeRunner runner = new FakeRunner();
    private final List<String> attachCalls = new ArrayList<>();

    private VlanNetworkDriver driver() {
        VlanNetworkDriver driver = new VlanNetworkDriver(runner, new Locality(a -> false, "engine"));
        driver.setStateDir(state.toString());
        driver.init();
        return driver;
    }

    static OperationContext ctx() {
        return new OperationContext("t", Instant.now().plusSeconds(30), "test", Runnable::run);
    }

    /** A hypervisor driver that is nothing but a proxy, optionally with VLAN support. */
    HypervisorDriver hypervisor(boolean vlanSupport) {
        Class<?>[] types = vlanSupport ? new Class<?>[] {HypervisorDriver.class, VlanAttachSupport.class}
                : new Class<?>[] {HypervisorDriver.class};
        return (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(), types, (proxy, method, args) -> {
            switch (method.getName()) {
                case "attachVlan" -> {
                    VlanAttachment a = (VlanAttachment) args[2];
                    attachCalls.add("attach " + a.networkId() + " " + a.name() + " " + a.vlan() + " " + a.cidr());
                    return CompletableFuture.completedFuture("ovm-blue");
                }
                case "detachVlan" -> {
                    attachCalls.add("detach " + ((VlanAttachment) args[2]).networkId());
                    return CompletableFuture.completedFuture(null);
                }
                case "toString" -> {
                    return "fake hypervisor";
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static DriverException failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (DriverException) e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    private static NetworkSpec network() {
        return LocalRealizerTest.network("8d0c5e2a-0000", Map.of());
    }

    private NetworkTarget target(String type, String uri, boolean vlanSupport) {
        return new NetworkTarget(new HostEndpoint("h1", uri, null, null, Map.of()), type, hypervisor(vlanSupport));
    }

    @Test
    void typeAndCapabilities() {
        assertThat(driver().type()).isEqualTo("vlan");
        assertThat(driver().capabilities()).containsExactlyInAnyOrder(NetworkCapability.VLAN, NetworkCapability.DHCP,
                NetworkCapability.SECURITY_GROUPS);
    }

    @Test
    void otherHostTypesPlugTheVlanInThroughTheirHypervisorDriver() throws Exception {
        VlanNetworkDriver driver = driver();
        NetworkTarget esxi = target("esxi", "https://esx1/sdk", true);
        assertThat(await(driver.realize(ctx(), network(), esxi))).isEqualTo("ovm-blue");
        await(driver.reserveAddress(ctx(), network(), esxi, "52:54:00:00:00:01", "10.100.0.10"));
        await(driver.releaseAddress(ctx(), network(), esxi, "52:54:00:00:00:01"));
        await(driver.unrealize(ctx(), network(), esxi));
        assertThat(attachCalls).containsExactly("attach 8d0c5e2a-0000 blue 100 10.100.0.0/24", "detach 8d0c5e2a-0000");
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void hostTypesWithoutVlanSupportAreRefused() throws Exception {
        DriverException e = failure(driver().realize(ctx(), network(), target("hyperv", "x://y", false)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).startsWith("hosts of type hyperv cannot plug NICs into VLAN networks");
    }

    @Test
    void securityGroupsNeedKvmOrTheInstancesNetworkNamespace() throws Exception {
        VlanNetworkDriver driver = driver();
        NetworkTarget esxi = target("esxi", "https://esx1/sdk", true);
        PortPolicy open = new PortPolicy("52:54:00:00:00:01", "10.100.0.10", false, List.of(), List.of());
        await(driver.applyPortPolicy(ctx(), network(), esxi, open));
        PortPolicy filtered = new PortPolicy("52:54:00:00:00:01", "10.100.0.10", true,
                List.of(new PortRule("tcp", 22, 22, "0.0.0.0/0")), List.of());
        DriverException e = failure(driver.applyPortPolicy(ctx(), network(), esxi, filtered));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).startsWith("security groups are enforced on KVM hosts and on hosts whose plugin "
                + "names the network namespace").endsWith("not on hosts of type esxi");
        await(driver.removePortPolicy(ctx(), network(), esxi, "52:54:00:00:00:01"));
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void containerSecurityGroupsAreNftablesRulesInTheContainersNamespaceAppliedAgainAfterARestart()
            throws Exception {
        VlanNetworkDriver driver = driver();
        String[] namespace = {null};
        HypervisorDriver docker = (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HypervisorDriver.class, NicNamespaceSupport.class}, (proxy, method, args) -> {
                    if (method.getName().equals("nicNamespace")) {
                        assertThat(args[2]).isEqualTo("02:42:ac:00:00:07");
                        return CompletableFuture.completedFuture(Optional.ofNullable(namespace[0]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        NetworkTarget target = new NetworkTarget(new HostEndpoint("d1", "unix:///run/docker.sock", null, null,
                Map.of()), "docker", docker);
        PortPolicy filtered = new PortPolicy("02:42:AC:00:00:07", "10.100.0.7", true,
                List.of(new PortRule("tcp", 22, 22, "0.0.0.0/0")), List.of());
        String nsenter = "nsenter --net=/proc/41/ns/net nft -f -";

        // not running yet: stored, applied once it runs
        await(driver.applyPortPolicy(ctx(), network(), target, filtered));
        assertThat(runner.calls).isEmpty();
        assertThat(Files.list(state.resolve("containers/d1")).map(p -> p.getFileName().toString()))
                .containsExactly("0242ac000007.properties");
        namespace[0] = "/proc/41/ns/net";
        driver.supervisor().probeAll();
        assertThat(runner.lines()).containsExactly(nsenter);
        assertThat(runner.calls.get(0).stdin()).contains("table inet ovm {", "tcp dport 22 accept");
        driver.supervisor().probeAll();
        assertThat(runner.calls).as("the same namespace: nothing to do").hasSize(1);

        // a restarted container has another namespace
        namespace[0] = "/proc/42/ns/net";
        driver.supervisor().probeAll();
        assertThat(runner.lines()).containsExactly(nsenter, nsenter.replace("41", "42"));

        // a bad rule is refused before anything changes
        PortPolicy bad = new PortPolicy("02:42:ac:00:00:07", "10.100.0.7", true,
                List.of(new PortRule("sctp", 1, 1, "0.0.0.0/0")), List.of());
        assertThat(failure(driver.applyPortPolicy(ctx(), network(), target, bad)).code())
                .isEqualTo(ErrorCode.INVALID);
        assertThat(runner.calls).hasSize(2);

        // no groups any more: the table goes; then nothing is ours there
        await(driver.applyPortPolicy(ctx(), network(), target,
                new PortPolicy("02:42:ac:00:00:07", "10.100.0.7", false, List.of(), List.of())));
        assertThat(runner.calls).hasSize(3);
        assertThat(runner.calls.get(2).stdin()).isEqualTo("delete table inet ovm\n");
        assertThat(Files.list(state.resolve("containers/d1"))).isEmpty();
        await(driver.removePortPolicy(ctx(), network(), target, "02:42:ac:00:00:07"));
        driver.supervisor().probeAll();
        assertThat(runner.calls).hasSize(3);
    }

    @Test
    void aContainerOfAnEngineElsewhereIsRefusedAndNothingIsStored() throws Exception {
        VlanNetworkDriver driver = driver();
        HypervisorDriver docker = (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HypervisorDriver.class, NicNamespaceSupport.class},
                (proxy, method, args) -> CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED,
                        "the engine of container /c1 does not run on this machine")));
        NetworkTarget target = new NetworkTarget(new HostEndpoint("d1", "tcp://far:2376", null, null, Map.of()),
                "docker", docker);
        DriverException e = failure(driver.applyPortPolicy(ctx(), network(), target, new PortPolicy(
                "02:42:ac:00:00:07", "10.100.0.7", true, List.of(), List.of())));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).contains("does not run on this machine");
        assertThat(state.resolve("containers/d1")).doesNotExist();
    }

    @Test
    void remoteKvmHostsAreRefusedSayingWhy() throws Exception {
        VlanNetworkDriver driver = driver();
        NetworkTarget remote = target("kvm", "qemu+ssh://root@192.0.2.7/system", false);
        DriverException e = failure(driver.realize(ctx(), network(), remote));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).isEqualTo("VLAN networks on KVM host qemu+ssh://root@192.0.2.7/system need Open "
                + "vSwitch commands on that host; OVM runs them only on its own machine so far");
        // nothing can be left there: cleanup succeeds
        await(driver.unrealize(ctx(), network(), remote));
        await(driver.releaseAddress(ctx(), network(), remote, "52:54:00:00:00:01"));
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void kvmOnThisMachineRealizesWithOpenVSwitchAndEnforcesPolicies() throws Exception {
        VlanNetworkDriver driver = driver();
        NetworkTarget kvm = target("kvm", "qemu:///system", false);
        assertThat(await(driver.realize(ctx(), network(), kvm))).isEqualTo("ovs:ovm-br0");
        assertThat(runner.lines()).contains("ovs-vsctl --db=unix:/var/run/openvswitch/db.sock --timeout=10 br-exists "
                + "ovm-br0");
        runner.calls.clear();
        // the NIC is plugged in at port 9 (libvirt's attached-mac)
        runner.answer("list-ifaces", 0, "vnet0\novd8d0c5e2a\n", "")
                .answer("list Interface", 0, "vnet0,9,attached-mac=52:54:00:00:00:01 iface-id=x\n", "");
        await(driver.reserveAddress(ctx(), network(), kvm, "52:54:00:00:00:01", "10.100.0.10"));
        assertThat(Files.readString(state.resolve("ovmd-8d0c5e2a/hosts"))).isEqualTo("52:54:00:00:00:01,10.100.0.10\n");
        FakeRunner.Call bundle = runner.calls.stream().filter(c -> c.line().contains("--bundle")).findFirst()
                .orElseThrow();
        assertThat(bundle.line()).isEqualTo("ovs-ofctl -O OpenFlow14 --bundle add-flows "
                + "unix:/var/run/openvswitch/ovm-br0.mgmt -");
        assertThat(bundle.stdin()).startsWith("delete cookie=0x4f56525400000001/-1\nadd cookie=0x4f56525400000001,")
                .contains("in_port=9,dl_src=52:54:00:00:00:01,ip,nw_src=10.100.0.10,actions=resubmit(,1)");
        // the same state again: nothing to install
        runner.calls.clear();
        runner.answer("dump-flows", 0, " cookie=0x4f57000000000000, table=1, priority=0 actions=NORMAL\n", "");
        driver.supervisor().probeAll();
        assertThat(runner.lines()).noneMatch(l -> l.contains("--bundle"));

        PortPolicy filtered = new PortPolicy("52:54:00:00:00:01", "10.100.0.10", true,
                List.of(new PortRule("tcp", 22, 22, "0.0.0.0/0")), List.of());
        await(driver.applyPortPolicy(ctx(), network(), kvm, filtered));
        assertThat(runner.calls.stream().filter(c -> c.line().contains("--bundle")).reduce((a, b) -> b).orElseThrow()
                .stdin()).contains("ct(table=2,zone=100)", "tcp,tp_dst=22,dl_dst=52:54:00:00:00:01");

        runner.calls.clear();
        await(driver.releaseAddress(ctx(), network(), kvm, "52:54:00:00:00:01"));
        assertThat(runner.lines()).contains("ovs-ofctl -O OpenFlow14 del-flows unix:/var/run/openvswitch/ovm-br0.mgmt "
                + "cookie=0x4f56525400000001/-1");
        assertThat(Files.readString(state.resolve("ovmd-8d0c5e2a/hosts"))).isEmpty();
        assertThat(state.resolve("ovmd-8d0c5e2a/ports")).isEmptyDirectory();

        await(driver.unrealize(ctx(), network(), kvm));
        assertThat(state.resolve("ovmd-8d0c5e2a")).doesNotExist();
    }

    @Test
    void badMacsAndAddressesAreRefused() throws Exception {
        VlanNetworkDriver driver = driver();
        NetworkTarget kvm = target("kvm", "qemu:///system", false);
        await(driver.realize(ctx(), network(), kvm));
        DriverException e = failure(driver.reserveAddress(ctx(), network(), kvm, "52:54:00:00:01", "10.100.0.10"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
        assertThat(e.getMessage()).isEqualTo("'52:54:00:00:01' is not a MAC address");
        e = failure(driver.reserveAddress(ctx(), network(), kvm, "52:54:00:00:00:01", "10.100.0.2"));
        assertThat(e.getMessage()).contains("address 10.100.0.2 is not a NIC address of 10.100.0.0/24 (the DHCP "
                + "server has 10.100.0.2)");
        e = failure(driver.reserveAddress(ctx(), LocalRealizerTest.network("other", Map.of()), kvm,
                "52:54:00:00:00:01", "10.100.0.10"));
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void theHostOnlyMethodsTakeTheHostForAKvmHost() throws Exception {
        VlanNetworkDriver driver = driver();
        HostEndpoint host = new HostEndpoint("h1", "qemu+tcp://127.0.0.1/system", null, null, Map.of());
        assertThat(await(driver.realize(ctx(), network(), host))).isEqualTo("ovs:ovm-br0");
        await(driver.unrealize(ctx(), network(), host));
        await(driver.unrealize(ctx(), network(), host));
    }
}
