package org.ovm.itests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Network namespaces a test plugs into the Open vSwitch bridge of {@code ./ovm backends up ovs} as
 * VLAN access ports, to reach guests and containers the way a machine on that VLAN would. Each
 * namespace has one veth pair: {@code eth0} inside (with the given address), its peer an access
 * port with the VLAN tag. TX checksum offload is off on both ends: the bridge's user-space datapath
 * forwards what it reads as it is, and a partial checksum would make the receiver drop it.
 */
public final class VlanNamespaces implements AutoCloseable {

    private final String bridge;
    private final String db;
    private final List<String> names = new ArrayList<>();

    public VlanNamespaces(String bridge, String runDir) {
        this.bridge = bridge;
        this.db = "--db=unix:" + runDir + "/db.sock";
    }

    /** A namespace {@code name} (at most 12 characters) on VLAN {@code vlan} with {@code cidr} on its eth0. */
    public void add(String name, int vlan, String cidr) throws Exception {
        String port = "o" + name;
        names.add(name);
        ok("ip", "netns", "add", name);
        ok("ip", "-n", name, "link", "set", "lo", "up");
        ok("ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", name);
        ok("ovs-vsctl", db, "--may-exist", "add-port", bridge, port, "tag=" + vlan);
        ok("ethtool", "-K", port, "tx", "off");
        ok("ip", "netns", "exec", name, "ethtool", "-K", "eth0", "tx", "off");
        ok("ip", "link", "set", port, "up");
        ok("ip", "-n", name, "addr", "add", cidr, "dev", "eth0");
        ok("ip", "-n", name, "link", "set", "eth0", "up");
    }

    /** Whether one ping from namespace {@code name} to {@code ip} is answered (three tries). */
    public boolean pings(String name, String ip) throws Exception {
        for (int i = 0; i < 3; i++) {
            if (TinyGuest.run("ip", "netns", "exec", name, "busybox", "ping", "-c", "1", "-W", "2", ip)
                    .contains(" 1 packets received")) {
                return true;
            }
        }
        return false;
    }

    /** What a TCP connection from {@code name} to {@code ip}:{@code port} reads within 3 s (empty if none). */
    public String connect(String name, String ip, int port) throws Exception {
        return TinyGuest.run("ip", "netns", "exec", name, "timeout", "5", "busybox", "nc", "-w", "3", ip,
                String.valueOf(port));
    }

    /** Removes the namespaces and their ports. */
    @Override
    public void close() throws Exception {
        for (String name : names) {
            TinyGuest.run("ovs-vsctl", db, "--if-exists", "del-port", bridge, "o" + name);
            TinyGuest.run("ip", "link", "del", "o" + name);
            TinyGuest.run("ip", "netns", "del", name);
        }
    }

    private static void ok(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
