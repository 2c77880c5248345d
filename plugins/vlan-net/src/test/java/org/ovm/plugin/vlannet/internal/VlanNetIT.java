package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.plugin.vlannet.internal.OvsBackend.dumpFlows;
import static org.ovm.plugin.vlannet.internal.OvsBackend.in;
import static org.ovm.plugin.vlannet.internal.OvsBackend.namespace;
import static org.ovm.plugin.vlannet.internal.OvsBackend.removeNamespace;
import static org.ovm.plugin.vlannet.internal.OvsBackend.vsctl;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/**
 * The driver against a real Open vSwitch (user-space bridge), real dnsmasq and network namespaces: DHCP
 * hands out exactly the reservations, a killed dnsmasq comes back, anti-spoofing and security-group rules
 * hold, and unrealize leaves nothing. Needs root and {@code OVS_BRIDGE}/{@code OVS_RUNDIR} (see
 * {@link OvsBackend}). Test namespaces and veths are named {@code i15v...}; the driver's own namespace is
 * {@code ovmd-i15v...} (the network ids start with {@code i15v}).
 */
class VlanNetIT {

    private static final String MAC_KNOWN = "52:54:00:15:00:01";
    private static final String MAC_UNKNOWN = "52:54:00:15:00:02";
    private static final String MAC_GUEST = "52:54:00:15:00:03";

    @TempDir
    Path state;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<String[]> namespaces = new ArrayList<>();
    private final List<Process> listeners = new ArrayList<>();
    private VlanNetworkDriver driver;
    private NetworkSpec network;
    private NetworkTarget target;

    @BeforeEach
    void setUp() {
        driver = new VlanNetworkDriver(new ProcessRunner(), Locality.ofThisMachine());
        driver.setStateDir(state.toString());
        driver.setProbeSeconds(1);
        driver.start();
        String id = "i15v" + UUID.randomUUID().toString().substring(4);
        network = new NetworkSpec(id, "it-blue", 100, "10.100.0.0/24", "10.100.0.1",
                Map.of("dhcpAddress", "10.100.0.2", "dns", "10.100.0.53"));
        HostEndpoint host = OvsBackend.host("i15v-host-1");
        target = new NetworkTarget(host, "kvm", (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HypervisorDriver.class}, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                }));
    }

    @AfterEach
    void tearDown() throws Exception {
        listeners.forEach(Process::destroyForcibly);
        for (String[] ns : namespaces) {
            removeNamespace(ns[0], ns[1]);
        }
        try {
            if (target != null) {
                await(driver.unrealize(ctx(), network, target));
            }
        } finally {
            driver.close();
            executor.shutdownNow();
        }
    }

    private OperationContext ctx() {
        return new OperationContext("it", Instant.now().plusSeconds(60), "it", executor);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void testNamespace(String ns, String dev, String mac, String address, boolean attachedMac) {
        namespaces.add(new String[] {ns, dev});
        namespace(ns, dev, 100, mac, address, attachedMac);
    }

    /** busybox udhcpc in the namespace: the address it was offered, or null when none. */
    private static String lease(String ns) {
        CommandRunner.Result r = in(ns, "busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "3", "-T", "1", "-s",
                "/bin/true");
        Matcher m = Pattern.compile("lease of (\\S+) obtained").matcher(r.stdout() + r.stderr());
        return m.find() ? m.group(1) : null;
    }

    private Realization realization() {
        return driver.store().find(network.networkId(), target.hostId()).orElseThrow();
    }

    private static void eventually(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    @Test
    void dhcpServesExactlyTheReservationsAndComesBackWhenKilled() throws Exception {
        assertThat(await(driver.realize(ctx(), network, target))).isEqualTo("ovs:" + OvsBackend.bridge());
        Realization r = realization();
        assertThat(r.namespace()).isEqualTo("ovmd-" + network.networkId().substring(0, 8));
        assertThat(vsctl("get", "Port", r.hostVeth(), "tag").strip()).isEqualTo("100");
        assertThat(vsctl("get", "Interface", r.hostVeth(), "external_ids:ovm-role").strip()).isEqualTo("dhcp");
        await(driver.reserveAddress(ctx(), network, target, MAC_KNOWN, "10.100.0.10"));
        await(driver.reserveAddress(ctx(), network, target, MAC_KNOWN, "10.100.0.10"));

        testNamespace("i15v-known", "i15vknown", MAC_KNOWN, null, false);
        testNamespace("i15v-unknown", "i15vunknown", MAC_UNKNOWN, null, false);
        assertThat(lease("i15v-known")).isEqualTo("10.100.0.10");
        assertThat(lease("i15v-unknown")).isNull();
        assertThat(Files.readString(driver.store().logFile(r))).contains("no address available");

        long pid = driver.realizer().dnsmasq().pid(r).orElseThrow();
        OvsBackend.ok("kill", "-9", Long.toString(pid));
        eventually("a new dnsmasq", 5, () -> driver.realizer().dnsmasq().pid(r).orElse(pid) != pid);
        assertThat(lease("i15v-known")).isEqualTo("10.100.0.10");

        // the engine stops: dnsmasq keeps serving; the next plugin instance adopts it from the state directory
        long running = driver.realizer().dnsmasq().pid(r).orElseThrow();
        driver.close();
        assertThat(Dnsmasq.running(running)).as("dnsmasq outlives the plugin").isTrue();
        driver = new VlanNetworkDriver(new ProcessRunner(), Locality.ofThisMachine());
        driver.setStateDir(state.toString());
        driver.setProbeSeconds(1);
        driver.start();
        assertThat(driver.realizer().dnsmasq().pid(r)).hasValue(running);
        OvsBackend.ok("kill", "-9", Long.toString(running));
        eventually("dnsmasq restarted by the new plugin", 5,
                () -> driver.realizer().dnsmasq().pid(r).orElse(running) != running);

        // a moved reservation is served at once (hosts file rewritten, SIGHUP)
        await(driver.reserveAddress(ctx(), network, target, MAC_KNOWN, "10.100.0.11"));
        assertThat(lease("i15v-known")).isEqualTo("10.100.0.11");
        await(driver.releaseAddress(ctx(), network, target, MAC_KNOWN));
        assertThat(lease("i15v-known")).isNull();

        long last = driver.realizer().dnsmasq().pid(r).orElseThrow();
        await(driver.unrealize(ctx(), network, target));
        await(driver.unrealize(ctx(), network, target));
        assertThat(vsctl("list-ports", OvsBackend.bridge())).doesNotContain(r.hostVeth());
        assertThat(vsctl("--columns=name", "find", "Interface", "external_ids:ovm-network=\"" + network.networkId()
                + "\"")).isBlank();
        assertThat(OvsBackend.ok("ip", "netns", "list")).doesNotContain(r.namespace());
        assertThat(Dnsmasq.running(last)).as("dnsmasq %s stopped", last).isFalse();
        assertThat(driver.store().dir(r)).doesNotExist();
    }

    @Test
    void antiSpoofingAndSecurityGroupsHoldOnTheBridge() throws Exception {
        await(driver.realize(ctx(), network, target));
        Realization r = realization();
        // a "guest": its port carries attached-mac like a libvirt tap; and a peer on the same VLAN
        testNamespace("i15v-guest", "i15vguest", MAC_GUEST, "10.100.0.20/24", true);
        testNamespace("i15v-peer", "i15vpeer", "52:54:00:15:00:04", "10.100.0.50/24", false);
        await(driver.reserveAddress(ctx(), network, target, MAC_GUEST, "10.100.0.20"));
        String cookie = "cookie=" + Ovs.hex(PortFlows.cookie(MAC_GUEST)) + "/-1";
        String ofport = vsctl("get", "Interface", "i15vguest", "ofport").strip();
        assertThat(dumpFlows(cookie)).contains("in_port=" + ofport);

        // anti-spoofing: its own address passes, another one is dropped
        assertThat(in("i15v-guest", "busybox", "ping", "-c", "1", "-W", "2", "10.100.0.50").ok()).isTrue();
        assertThat(in("i15v-guest", "busybox", "ping", "-c", "1", "-W", "2", "10.100.0.2").ok()).isTrue();
        OvsBackend.ok("ip", "-n", "i15v-guest", "addr", "add", "10.100.0.99/24", "dev", "eth0");
        long dropsBefore = drops(cookie);
        assertThat(in("i15v-guest", "busybox", "ping", "-c", "2", "-W", "1", "-I", "10.100.0.99", "10.100.0.50").ok())
                .as("ping from a spoofed address").isFalse();
        assertThat(drops(cookie)).isGreaterThan(dropsBefore);
        OvsBackend.ok("ip", "-n", "i15v-guest", "addr", "del", "10.100.0.99/24", "dev", "eth0");

        // security group: only TCP 22 comes in; the guest's own connections still get their replies
        listen("i15v-guest", 22);
        listen("i15v-guest", 80);
        assertThat(connects("i15v-peer", "10.100.0.20", 80)).as("port 80 before filtering").isTrue();
        await(driver.applyPortPolicy(ctx(), network, target, new PortPolicy(MAC_GUEST, "10.100.0.20", true,
                List.of(new PortRule("tcp", 22, 22, "0.0.0.0/0")), List.of())));
        assertThat(connects("i15v-peer", "10.100.0.20", 22)).as("port 22").isTrue();
        assertThat(connects("i15v-peer", "10.100.0.20", 80)).as("port 80").isFalse();
        assertThat(in("i15v-peer", "busybox", "ping", "-c", "1", "-W", "1", "10.100.0.20").ok()).as("inbound ping")
                .isFalse();
        assertThat(in("i15v-guest", "busybox", "ping", "-c", "1", "-W", "2", "10.100.0.50").ok())
                .as("the guest's own ping").isTrue();
        assertThat(lease("i15v-guest")).as("DHCP for a filtered NIC").isEqualTo("10.100.0.20");

        // another filtered guest, no ingress rule: a connection the sender commits on its egress is still new
        // at the receiver's ingress (retries included), in both directions
        String mac2 = "52:54:00:15:00:05";
        testNamespace("i15v-guest2", "i15vguest2", mac2, "10.100.0.21/24", true);
        await(driver.reserveAddress(ctx(), network, target, mac2, "10.100.0.21"));
        await(driver.applyPortPolicy(ctx(), network, target, new PortPolicy(mac2, "10.100.0.21", true, List.of(),
                List.of())));
        listen("i15v-guest2", 80);
        assertThat(connects("i15v-guest2", "10.100.0.20", 22)).as("guest2 to guest:22").isTrue();
        assertThat(connects("i15v-guest2", "10.100.0.20", 80)).as("guest2 to guest:80").isFalse();
        assertThat(connects("i15v-guest2", "10.100.0.20", 80)).as("guest2 to guest:80 again").isFalse();
        assertThat(connects("i15v-guest", "10.100.0.21", 80)).as("guest to guest2:80").isFalse();

        // the guest restarts: its port comes back with another number, the rules follow within a probe
        vsctl("del-port", "i15vguest");
        OvsBackend.plug("i15vguest", 100, MAC_GUEST);
        String newOfport = vsctl("get", "Interface", "i15vguest", "ofport").strip();
        assertThat(newOfport).isNotEqualTo(ofport);
        eventually("rules on the new port", 5, () -> dumpFlows(cookie).contains("in_port=" + newOfport));
        assertThat(connects("i15v-peer", "10.100.0.20", 22)).as("port 22 after the restart").isTrue();
        assertThat(connects("i15v-peer", "10.100.0.20", 80)).as("port 80 after the restart").isFalse();

        // the rule set changes: now 80 and not 22
        await(driver.applyPortPolicy(ctx(), network, target, new PortPolicy(MAC_GUEST, "10.100.0.20", true,
                List.of(new PortRule("tcp", 80, 80, "10.100.0.50/32")), List.of())));
        assertThat(connects("i15v-peer", "10.100.0.20", 80)).as("port 80 allowed").isTrue();
        assertThat(connects("i15v-peer", "10.100.0.20", 22)).as("port 22 no longer").isFalse();

        await(driver.removePortPolicy(ctx(), network, target, MAC_GUEST));
        assertThat(dumpFlows(cookie)).doesNotContain("cookie=");
        assertThat(connects("i15v-peer", "10.100.0.20", 22)).as("port 22 without policy").isTrue();
        await(driver.unrealize(ctx(), network, target));
        assertThat(driver.store().dir(r)).doesNotExist();
    }

    /** Packets the NIC's catch-all drop rule has dropped. */
    private static long drops(String cookie) {
        Matcher m = Pattern.compile("n_packets=(\\d+).*priority=90,in_port=\\d+ actions=drop").matcher(dumpFlows(cookie));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A busybox nc that accepts connections on {@code port} for as long as the test runs. */
    private void listen(String ns, int port) throws Exception {
        listeners.add(new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "nc", "-ll", "-p", Integer.toString(port),
                "-e", "/bin/true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        eventually("a listener on " + port, 5, () -> in(ns, "busybox", "netstat", "-ltn").stdout()
                .contains(":" + port + " "));
    }

    private static boolean connects(String ns, String address, int port) {
        return in(ns, "busybox", "nc", "-w", "2", address, Integer.toString(port)).ok();
    }
}
