package org.ovm.plugin.vlannet.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * One Open vSwitch bridge of this machine, reached through the database and management sockets in its
 * run directory ({@code ovs-vsctl --db=unix:<run>/db.sock}, {@code ovs-ofctl ... unix:<run>/<bridge>.mgmt}).
 */
final class Ovs {

    private final Commands commands;
    private final String bridge;
    private final String runDir;

    Ovs(Commands commands, String bridge, String runDir) {
        this.commands = commands;
        this.bridge = bridge;
        this.runDir = runDir;
    }

    String bridge() {
        return bridge;
    }

    String runDir() {
        return runDir;
    }

    String db() {
        return "unix:" + runDir + "/db.sock";
    }

    String mgmt() {
        return "unix:" + runDir + "/" + bridge + ".mgmt";
    }

    List<String> vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=" + db(), "--timeout=10"));
        Collections.addAll(argv, args);
        return argv;
    }

    List<String> ofctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow14"));
        Collections.addAll(argv, args);
        return argv;
    }

    /** The command that creates the bridge, for messages. */
    String addBridgeCommand() {
        return "ovs-vsctl --db=" + db() + " add-br " + bridge + " -- set bridge " + bridge + " datapath_type=netdev";
    }

    /** Fails with {@code UNSUPPORTED} naming the command that creates the bridge when it is missing. */
    void requireBridge(String hostName) {
        CommandRunner.Result result = commands.run(vsctl("br-exists", bridge));
        if (result.exitCode() == 2) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "Open vSwitch bridge " + bridge + " (setting ovsBridge of "
                    + "host " + hostName + ") does not exist: create it with '" + addBridgeCommand() + "'");
        }
        if (!result.ok()) {
            throw new DriverException(ErrorCode.UNREACHABLE, "Open vSwitch does not answer at " + db() + " (setting "
                    + "ovsRunDir of host " + hostName + "): " + result.diagnostic()
                    + "; start ovsdb-server and ovs-vswitchd with that run directory");
        }
    }

    /** Adds (or updates) the DHCP server's access port with the VLAN tag and OVM's external ids. */
    void addDhcpPort(String port, int vlan, String networkId, String hostId) {
        commands.check("adding the DHCP server's port " + port + " to bridge " + bridge,
                vsctl("--", "--may-exist", "add-port", bridge, port, "tag=" + vlan, "--", "set", "Port", port,
                        "tag=" + vlan, "--", "set", "Interface", port, "external-ids:ovm-network=" + quote(networkId),
                        "external-ids:ovm-host=" + quote(hostId), "external-ids:ovm-role=dhcp"));
    }

    /** Removes a port from whatever bridge holds it; nothing when it is gone. */
    void deletePort(String port) {
        commands.check("removing port " + port + " from Open vSwitch", vsctl("--if-exists", "del-port", port));
    }

    /** Names of the interfaces OVM made for a network on a host (its DHCP ports). */
    List<String> portsOf(String networkId, String hostId) {
        CommandRunner.Result result = commands.check("looking up the ports of network " + networkId,
                vsctl("--format=csv", "--data=bare", "--no-headings", "--columns=name", "find", "Interface",
                        "external_ids:ovm-network=" + quote(networkId), "external_ids:ovm-host=" + quote(hostId)));
        return lines(result.stdout());
    }

    /** The interfaces of this bridge. */
    List<String> interfaces() {
        return lines(commands.check("listing the interfaces of bridge " + bridge, vsctl("list-ifaces", bridge))
                .stdout());
    }

    /**
     * The OpenFlow port numbers of this bridge's interfaces by their {@code external_ids:attached-mac}
     * (libvirt sets it on a guest's tap), lowercase; interfaces without a port number yet are left out.
     */
    Map<String, Integer> ofportsByMac() {
        Set<String> mine = new HashSet<>(interfaces());
        CommandRunner.Result result = commands.check("listing the NICs plugged into bridge " + bridge,
                vsctl("--format=csv", "--data=bare", "--no-headings", "--columns=name,ofport,external_ids", "list",
                        "Interface"));
        return parseOfports(result.stdout(), mine);
    }

    static Map<String, Integer> parseOfports(String csv, Set<String> interfaces) {
        Map<String, Integer> ofports = new HashMap<>();
        for (String line : lines(csv)) {
            String[] cells = line.split(",", 3);
            if (cells.length < 3 || !interfaces.contains(cells[0]) || !cells[1].matches("\\d+")) {
                continue;
            }
            int ofport = Integer.parseInt(cells[1]);
            if (ofport <= 0 || ofport >= 0xff00) {
                continue;
            }
            for (String token : cells[2].replace("\"", "").split(" ")) {
                if (token.startsWith("attached-mac=")) {
                    ofports.put(token.substring("attached-mac=".length()).toLowerCase(Locale.ROOT), ofport);
                }
            }
        }
        return ofports;
    }

    /** Whether the bridge has any flow with {@code cookie} (an Open vSwitch restart loses every flow). */
    boolean hasFlows(long cookie) {
        CommandRunner.Result result = commands.check("reading the flows of bridge " + bridge,
                ofctl("dump-flows", mgmt(), "cookie=" + hex(cookie) + "/-1"));
        return result.stdout().contains("cookie=");
    }

    /** Replaces every flow with {@code cookie} by {@code flows}, in one OpenFlow bundle (atomically). */
    void replaceFlows(long cookie, List<String> flows, String what) {
        StringBuilder text = new StringBuilder("delete cookie=").append(hex(cookie)).append("/-1\n");
        for (String flow : flows) {
            text.append("add ").append(flow).append('\n');
        }
        commands.check(what, ofctl("--bundle", "add-flows", mgmt(), "-"), text.toString());
    }

    /** Deletes every flow with {@code cookie}. */
    void deleteFlows(long cookie, String what) {
        commands.check(what, ofctl("del-flows", mgmt(), "cookie=" + hex(cookie) + "/-1"));
    }

    /** Adds flows, replacing those with the same match and priority. */
    void addFlows(List<String> flows, String what) {
        commands.check(what, ofctl("add-flows", mgmt(), "-"), String.join("\n", flows) + "\n");
    }

    static String hex(long cookie) {
        return "0x" + Long.toHexString(cookie);
    }

    /** An OVSDB string atom: always quoted, so that colons and spaces stay part of the value. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
