package org.ovm.plugin.vlannet.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ovm.spi.common.HostEndpoint;

/**
 * The real Open vSwitch the integration tests run against, and the commands they use to build test
 * namespaces (all named {@code i15v...}) around it. {@code ./ovm backends up ovs} starts it and prints
 * {@code OVS_BRIDGE} and {@code OVS_RUNDIR}; {@code plugins/vlan-net/src/test/sh/ovs-sandbox.sh up} starts a
 * private one (bridge i15v-br0 in /tmp/i15v-ovs) that prints the same lines.
 */
final class OvsBackend {

    private static final ProcessRunner RUNNER = new ProcessRunner();

    private OvsBackend() {
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: these tests need a real Open vSwitch with a "
                    + "user-space bridge; run './ovm backends up ovs' (or plugins/vlan-net/src/test/sh/ovs-sandbox.sh up)"
                    + " and export the OVS_BRIDGE and OVS_RUNDIR lines it prints (./ovm test does both)");
        }
        return value;
    }

    static String bridge() {
        return env("OVS_BRIDGE");
    }

    static String runDir() {
        return env("OVS_RUNDIR");
    }

    /** A KVM host of this machine on the test bridge. */
    static HostEndpoint host(String hostId) {
        return new HostEndpoint(hostId, "qemu:///system", null, null,
                Map.of("ovsBridge", bridge(), "ovsRunDir", runDir()));
    }

    static CommandRunner.Result run(String... argv) {
        return RUNNER.run(List.of(argv), Duration.ofSeconds(30), null);
    }

    /** Runs a command that must succeed. */
    static String ok(String... argv) {
        CommandRunner.Result result = run(argv);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + result.diagnostic());
        }
        return result.stdout();
    }

    static String vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + runDir() + "/db.sock"));
        argv.addAll(List.of(args));
        return ok(argv.toArray(String[]::new));
    }

    static String dumpFlows(String... filter) {
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow14", "dump-flows",
                "unix:" + runDir() + "/" + bridge() + ".mgmt"));
        argv.addAll(List.of(filter));
        return ok(argv.toArray(String[]::new));
    }

    /**
     * A namespace with a veth whose root end {@code dev} is an access port with {@code vlan} on the test
     * bridge, TX checksum offload off (the user-space datapath needs it), the given MAC and (when not null)
     * address; {@code attachedMac} also marks the port like libvirt marks a guest's tap.
     */
    static void namespace(String ns, String dev, int vlan, String mac, String cidrAddress, boolean attachedMac) {
        removeNamespace(ns, dev);
        ok("ip", "netns", "add", ns);
        ok("ip", "link", "add", dev, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ok("ip", "-n", ns, "link", "set", "eth0", "address", mac);
        ok("ip", "-n", ns, "link", "set", "lo", "up");
        ok("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off");
        if (cidrAddress != null) {
            ok("ip", "-n", ns, "addr", "add", cidrAddress, "dev", "eth0");
        }
        ok("ip", "-n", ns, "link", "set", "eth0", "up");
        ok("ip", "link", "set", dev, "up");
        plug(dev, vlan, attachedMac ? mac : null);
    }

    /** Adds the root end to the bridge (again: a restarted guest gets a new port number). */
    static void plug(String dev, int vlan, String attachedMac) {
        List<String> args = new ArrayList<>(List.of("--", "--may-exist", "add-port", bridge(), dev, "tag=" + vlan));
        if (attachedMac != null) {
            args.addAll(List.of("--", "set", "Interface", dev, "external_ids:attached-mac=\"" + attachedMac + "\""));
        }
        vsctl(args.toArray(String[]::new));
    }

    static void removeNamespace(String ns, String dev) {
        run("ovs-vsctl", "--db=unix:" + runDir() + "/db.sock", "--if-exists", "del-port", dev);
        run("ip", "netns", "del", ns);
        run("ip", "link", "del", dev);
    }

    /** Runs a command inside a namespace, whatever its exit code. */
    static CommandRunner.Result in(String ns, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return RUNNER.run(all, Duration.ofSeconds(30), null);
    }
}
