package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.network.NetworkSpec;

/** The commands a realization runs, with a fake runner: no Open vSwitch needed. */
class LocalRealizerTest {

    @TempDir
    Path state;

    /** No interface exists yet. */
    private final FakeRunner runner = new FakeRunner().answer("link show", 1, "", "Device \"ovm-dhcp\" does not exist.");

    private LocalRealizer realizer() {
        return new LocalRealizer(new Commands(runner), new StateStore(state));
    }

    static NetworkSpec network(String id, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("dhcpAddress", "10.100.0.2", "dns", "10.0.0.53 10.0.0.54"));
        settings.putAll(extra);
        return new NetworkSpec(id, "blue", 100, "10.100.0.0/24", "10.100.0.1", settings);
    }

    static HostEndpoint host(String id) {
        return new HostEndpoint(id, "qemu:///system", null, null, Map.of("ovsBridge", "br-t", "ovsRunDir", "/tmp/r"));
    }

    @Test
    void realizingRunsEveryStepWithArgumentLists() throws Exception {
        Realization r = realizer().realize(network("8d0c5e2a-1111-2222-3333-444455556666", Map.of()),
                host("h1"));
        assertThat(r.key()).isEqualTo("ovmd-8d0c5e2a");
        assertThat(r.hostVeth()).isEqualTo("ovd8d0c5e2a");
        assertThat(r.bridge()).isEqualTo("br-t");
        assertThat(r.dns()).isEqualTo("10.0.0.53,10.0.0.54");
        assertThat(runner.lines()).containsSubsequence(
                "ovs-vsctl --db=unix:/tmp/r/db.sock --timeout=10 br-exists br-t",
                "ip netns add ovmd-8d0c5e2a",
                "ip -n ovmd-8d0c5e2a link set lo up",
                "ip link add ovd8d0c5e2a type veth peer name ovm-dhcp netns ovmd-8d0c5e2a",
                "ovs-vsctl --db=unix:/tmp/r/db.sock --timeout=10 -- --may-exist add-port br-t ovd8d0c5e2a tag=100 -- set "
                        + "Port ovd8d0c5e2a tag=100 -- set Interface ovd8d0c5e2a "
                        + "external-ids:ovm-network=\"8d0c5e2a-1111-2222-3333-444455556666\" "
                        + "external-ids:ovm-host=\"h1\" external-ids:ovm-role=dhcp",
                "ip link set ovd8d0c5e2a up",
                "ip netns exec ovmd-8d0c5e2a ethtool -K ovm-dhcp tx off",
                "ip -n ovmd-8d0c5e2a addr replace 10.100.0.2/24 dev ovm-dhcp",
                "ip -n ovmd-8d0c5e2a link set ovm-dhcp up");
        String dnsmasq = runner.lines().get(runner.lines().size() - 1);
        Path dir = state.resolve("ovmd-8d0c5e2a");
        assertThat(dnsmasq).startsWith("ip netns exec ovmd-8d0c5e2a dnsmasq --conf-file=/dev/null --port=0 ")
                .contains(" --interface=ovm-dhcp ", " --bind-interfaces ",
                        " --dhcp-range=10.100.0.0,static,255.255.255.0,1h ",
                        " --dhcp-hostsfile=" + dir.resolve("hosts") + " ",
                        " --dhcp-leasefile=" + dir.resolve("leases") + " ", " --no-ping ",
                        " --dhcp-option=option:router,10.100.0.1 ",
                        " --dhcp-option=option:dns-server,10.0.0.53,10.0.0.54 ",
                        " --pid-file=" + dir.resolve("dnsmasq.pid") + " ",
                        " --log-facility=" + dir.resolve("dnsmasq.log") + " ")
                .endsWith(" --user=root --group=root");
        assertThat(Files.readString(dir.resolve("hosts"))).isEmpty();
        assertThat(new StateStore(state).find("8d0c5e2a-1111-2222-3333-444455556666", "h1")).contains(r);
    }

    @Test
    void withoutGatewayOrDnsDnsmasqOffersNeither() {
        NetworkSpec bare = new NetworkSpec("n2", "bare", 7, "10.7.0.0/16", null, Map.of("dhcpAddress", "10.7.0.2"));
        realizer().realize(bare, host("h1"));
        assertThat(runner.lines().get(runner.lines().size() - 1))
                .contains(" --dhcp-range=10.7.0.0,static,255.255.0.0,1h ", " --dhcp-option=option:router ",
                        " --dhcp-option=option:dns-server ");
    }

    @Test
    void aSecondHostOfThisMachineGetsItsOwnNamespace() {
        NetworkSpec n = network("8d0c5e2a-1111", Map.of());
        Realization first = realizer().realize(n, host("aaaa-host"));
        Realization second = realizer().realize(n, host("bbbb-host"));
        assertThat(first.key()).isEqualTo("ovmd-8d0c5e2a");
        assertThat(second.key()).isEqualTo("ovmd-8d0c5e2a-bbbb");
        assertThat(second.hostVeth()).isEqualTo("ovd8d0c5e2abbbb").hasSizeLessThanOrEqualTo(15);
        // realizing again keeps the names
        assertThat(realizer().realize(n, host("bbbb-host"))).isEqualTo(second);
    }

    @Test
    void aMissingBridgeNamesTheCommandThatCreatesIt() {
        runner.answer("br-exists", 2, "", "");
        assertThatThrownBy(() -> realizer().realize(network("n1", Map.of()), host("h1")))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("bridge br-t (setting ovsBridge of host h1) does not exist: create it with "
                        + "'ovs-vsctl --db=unix:/tmp/r/db.sock add-br br-t -- set bridge br-t datapath_type=netdev'");
        assertThat(new StateStore(state).all()).isEmpty();
    }

    @Test
    void aFailedStepRollsBackWhatWasMade() {
        runner.answer("dnsmasq --conf-file", 2, "", "dnsmasq: failed to create listening socket for 10.100.0.2: "
                + "Address in use");
        assertThatThrownBy(() -> realizer().realize(network("n1", Map.of()), host("h1")))
                .isInstanceOf(DriverException.class)
                .hasMessage("starting the DHCP server (dnsmasq) of network n1 (VLAN 100) on host h1 failed: "
                        + "dnsmasq: failed to create listening socket for 10.100.0.2: Address in use");
        assertThat(runner.lines()).contains("ovs-vsctl --db=unix:/tmp/r/db.sock --timeout=10 --if-exists del-port "
                + "ovdn1", "ip netns del ovmd-n1");
        assertThat(state.resolve("ovmd-n1")).doesNotExist();
    }

    @Test
    void badNetworksAreRefusedBeforeAnyCommand() {
        NetworkSpec vlan0 = new NetworkSpec("n", "v0", 0, "10.0.0.0/24", null, Map.of("dhcpAddress", "10.0.0.2"));
        assertThatThrownBy(() -> realizer().realize(vlan0, host("h"))).hasMessageContaining("VLAN id 0 is outside");
        NetworkSpec noDhcp = new NetworkSpec("n", "nd", 5, "10.0.0.0/24", null, Map.of());
        assertThatThrownBy(() -> realizer().realize(noDhcp, host("h"))).hasMessageContaining("has no setting dhcpAddress");
        NetworkSpec outside = new NetworkSpec("n", "o", 5, "10.0.0.0/24", null, Map.of("dhcpAddress", "10.0.1.2"));
        assertThatThrownBy(() -> realizer().realize(outside, host("h")))
                .hasMessageContaining("dhcpAddress 10.0.1.2 is not a free host address of 10.0.0.0/24");
        NetworkSpec badDns = network("n", Map.of("dns", "10.0.0.1;reboot"));
        assertThatThrownBy(() -> realizer().realize(badDns, host("h"))).hasMessageContaining("is not an IPv4 address");
        HostEndpoint badBridge = new HostEndpoint("h", "qemu:///system", null, null, Map.of("ovsBridge", "a b"));
        assertThatThrownBy(() -> realizer().realize(network("n", Map.of()), badBridge))
                .hasMessageContaining("host setting ovsBridge 'a b' is not a bridge name");
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void reservationsRewriteTheHostsFile() throws Exception {
        LocalRealizer realizer = realizer();
        Realization r = realizer.realize(network("n1", Map.of()), host("h1"));
        realizer.reserve(r, "52:54:00:00:00:02", "10.100.0.11");
        realizer.reserve(r, "52:54:00:00:00:01", "10.100.0.10");
        assertThat(Files.readString(state.resolve("ovmd-n1/hosts")))
                .isEqualTo("52:54:00:00:00:01,10.100.0.10\n52:54:00:00:00:02,10.100.0.11\n");
        realizer.release(r, "52:54:00:00:00:02");
        realizer.release(r, "52:54:00:00:00:02");
        assertThat(Files.readString(state.resolve("ovmd-n1/hosts"))).isEqualTo("52:54:00:00:00:01,10.100.0.10\n");
    }

    @Test
    void teardownRemovesEverythingAndIsIdempotent() {
        LocalRealizer realizer = realizer();
        Realization r = realizer.realize(network("n1", Map.of()), host("h1"));
        runner.calls.clear();
        runner.answer("ip netns del", 1, "", "Cannot remove namespace file \"/run/netns/ovmd-n1\": No such file or "
                + "directory");
        realizer.teardown(r);
        realizer.teardown(r);
        assertThat(runner.lines()).contains("ovs-vsctl --db=unix:/tmp/r/db.sock --timeout=10 --if-exists del-port ovdn1",
                "ip netns del ovmd-n1");
        assertThat(state.resolve("ovmd-n1")).doesNotExist();
    }

    @Test
    void shortIds() {
        assertThat(LocalRealizer.shortId("8D0C5E2A-1111", 8)).isEqualTo("8d0c5e2a");
        assertThat(LocalRealizer.shortId("ab", 4)).isEqualTo("ab");
        assertThat(LocalRealizer.shortId("--", 4)).hasSize(4);
    }
}
