package org.ovm.plugin.vlannet.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.network.NetworkSpec;

/**
 * The host side of a VLAN network on a KVM host of this machine: a network namespace per (network, host)
 * with a veth whose other end is an Open vSwitch access port with the VLAN tag, the DHCP server's address
 * on it, and dnsmasq serving the reservations. Every step is idempotent, so {@link #ensure} both creates
 * and repairs. Callers serialize calls (the driver's lock).
 */
final class LocalRealizer {

    static final String DEFAULT_BRIDGE = "ovm-br0";
    static final String DEFAULT_RUN_DIR = "/var/run/openvswitch";
    static final String DEFAULT_LEASE_TIME = "1h";
    /** The veth end in the namespace, where dnsmasq listens. */
    static final String NS_VETH = "ovm-dhcp";

    private final Commands commands;
    private final StateStore store;
    private final Dnsmasq dnsmasq;

    LocalRealizer(Commands commands, StateStore store) {
        this.commands = commands;
        this.store = store;
        this.dnsmasq = new Dnsmasq(commands, store);
    }

    Dnsmasq dnsmasq() {
        return dnsmasq;
    }

    Ovs ovs(Realization r) {
        return new Ovs(commands, r.bridge(), r.runDir());
    }

    /** The bridge and run directory of a KVM host, from its settings {@code ovsBridge} and {@code ovsRunDir}. */
    static Ovs ovs(Commands commands, HostEndpoint host) {
        String bridge = host.settings().getOrDefault("ovsBridge", DEFAULT_BRIDGE).strip();
        String runDir = host.settings().getOrDefault("ovsRunDir", DEFAULT_RUN_DIR).strip();
        if (!bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw Ipv4.invalid("host setting ovsBridge '" + bridge + "' is not a bridge name (1-15 letters, digits, "
                    + "'.', '_' or '-')");
        }
        if (!runDir.startsWith("/") || runDir.contains("\n") || runDir.contains(",")) {
            throw Ipv4.invalid("host setting ovsRunDir '" + runDir + "' is not an absolute directory");
        }
        return new Ovs(commands, bridge, runDir.length() > 1 && runDir.endsWith("/")
                ? runDir.substring(0, runDir.length() - 1) : runDir);
    }

    /** Makes the network exist on the host (or brings it in line with {@code network}). */
    Realization realize(NetworkSpec network, HostEndpoint host) {
        Ovs ovs = ovs(commands, host);
        Optional<Realization> existing = store.find(network.networkId(), host.hostId());
        Realization r = plan(network, host, ovs, existing.orElse(null));
        ovs.requireBridge(host.hostId());
        if (existing.isPresent()) {
            Realization old = existing.get();
            if (!old.equals(r)) {
                // changed settings: a fresh dnsmasq, address and port (they are cheap to redo)
                dnsmasq.stop(old);
                ovs(old).deletePort(old.hostVeth());
                commands.run(List.of("ip", "-n", old.namespace(), "addr", "flush", "dev", old.nsVeth()));
                store.save(r);
            }
            ensure(r);
            return r;
        }
        store.save(r);
        try {
            ensure(r);
        } catch (RuntimeException e) {
            try {
                teardown(r);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return r;
    }

    /** Validates the network and names the realization (keeping the names of an existing one). */
    Realization plan(NetworkSpec network, HostEndpoint host, Ovs ovs, Realization existing) {
        String what = "network " + (network.name() == null ? network.networkId() : network.name());
        if (network.vlan() < 1 || network.vlan() > 4094) {
            throw Ipv4.invalid(what + ": VLAN id " + network.vlan() + " is outside 1-4094");
        }
        Ipv4.Cidr cidr = Ipv4.Cidr.parse(network.cidr());
        String gateway = blankToNull(network.gateway());
        if (gateway != null && !cidr.isHost(Ipv4.parse(gateway, what + " gateway"))) {
            throw Ipv4.invalid(what + ": gateway " + gateway + " is not a host address of " + cidr);
        }
        Map<String, String> settings = network.settings();
        String dhcp = blankToNull(settings.get("dhcpAddress"));
        if (dhcp == null) {
            throw Ipv4.invalid(what + " has no setting dhcpAddress: the DHCP server needs an address of " + cidr
                    + " on host " + host.hostId());
        }
        if (!cidr.isHost(Ipv4.parse(dhcp, what + " dhcpAddress")) || dhcp.equals(gateway)) {
            throw Ipv4.invalid(what + ": dhcpAddress " + dhcp + " is not a free host address of " + cidr);
        }
        String dns = null;
        if (blankToNull(settings.get("dns")) != null) {
            List<String> servers = new ArrayList<>();
            for (String server : settings.get("dns").strip().split("[,\\s]+")) {
                servers.add(Ipv4.format(Ipv4.parse(server, what + " dns")));
            }
            dns = String.join(",", servers);
        }
        String lease = settings.getOrDefault("dhcpLeaseTime", DEFAULT_LEASE_TIME).strip().toLowerCase(Locale.ROOT);
        if (!lease.matches("\\d{1,9}[smhd]?|infinite")) {
            throw Ipv4.invalid(what + ": dhcpLeaseTime " + lease + " is not a lease time such as 3600, 45m, 12h");
        }
        String key;
        String hostVeth;
        if (existing != null) {
            key = existing.key();
            hostVeth = existing.hostVeth();
        } else {
            String net = shortId(network.networkId(), 8);
            String hostShort = shortId(host.hostId(), 4);
            if (!store.taken("ovmd-" + net)) {
                key = "ovmd-" + net;
                hostVeth = "ovd" + net;
            } else if (!store.taken("ovmd-" + net + "-" + hostShort)) {
                // another host of this machine (or a network whose id starts alike) has the short name
                key = "ovmd-" + net + "-" + hostShort;
                hostVeth = "ovd" + net + hostShort;
            } else {
                throw new DriverException(ErrorCode.CONFLICT, "network " + network.networkId() + " on host "
                        + host.hostId() + ": the names ovmd-" + net + " and ovmd-" + net + "-" + hostShort
                        + " are both taken in " + store.root());
            }
        }
        return new Realization(key, network.networkId(), host.hostId(), ovs.bridge(), ovs.runDir(), network.vlan(),
                cidr.toString(), dhcp, gateway, dns, lease, hostVeth, NS_VETH);
    }

    /** Creates or repairs every piece of the realization; each step is idempotent. */
    void ensure(Realization r) {
        Ovs ovs = ovs(r);
        ovs.requireBridge(r.hostId());
        String ns = r.namespace();
        tolerate("creating network namespace " + ns, List.of("ip", "netns", "add", ns), "File exists");
        commands.check("starting the loopback of namespace " + ns, List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        if (!commands.run(List.of("ip", "-n", ns, "link", "show", r.nsVeth())).ok()) {
            // a leftover root end without its peer in the namespace: make the pair again
            commands.run(List.of("ip", "link", "del", r.hostVeth()));
            commands.check("creating the DHCP server's veth pair " + r.hostVeth() + "/" + r.nsVeth(), List.of("ip",
                    "link", "add", r.hostVeth(), "type", "veth", "peer", "name", r.nsVeth(), "netns", ns));
        }
        ovs.addDhcpPort(r.hostVeth(), r.vlan(), r.networkId(), r.hostId());
        commands.check("starting interface " + r.hostVeth(), List.of("ip", "link", "set", r.hostVeth(), "up"));
        // the user-space datapath forwards partial checksums: the sender must compute them
        commands.check("turning off TX checksum offload on " + r.nsVeth() + " in " + ns,
                List.of("ip", "netns", "exec", ns, "ethtool", "-K", r.nsVeth(), "tx", "off"));
        int prefix = Ipv4.Cidr.parse(r.cidr()).prefix();
        commands.check("giving the DHCP server its address " + r.dhcpAddress(), List.of("ip", "-n", ns, "addr",
                "replace", r.dhcpAddress() + "/" + prefix, "dev", r.nsVeth()));
        commands.check("starting interface " + r.nsVeth() + " in " + ns,
                List.of("ip", "-n", ns, "link", "set", r.nsVeth(), "up"));
        if (!dnsmasq.alive(r)) {
            dnsmasq.start(r);
        }
    }

    /**
     * Removes the realization: dnsmasq, the port, the namespace (with its veth pair) and the state directory.
     * Every step runs even when one fails; the state stays until all succeeded, so a retry completes it.
     */
    void teardown(Realization r) {
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, () -> dnsmasq.stop(r));
        attempt(failures, () -> ovs(r).deletePort(r.hostVeth()));
        attempt(failures, () -> tolerate("removing network namespace " + r.namespace(),
                List.of("ip", "netns", "del", r.namespace()), "No such file"));
        attempt(failures, () -> commands.run(List.of("ip", "link", "del", r.hostVeth())));
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        store.delete(r);
    }

    /** Makes dnsmasq hand {@code ip} to {@code mac}. */
    void reserve(Realization r, String mac, String ip) {
        try {
            Map<String, String> hosts = HostsFile.read(store.hostsFile(r));
            if (ip.equals(hosts.get(mac)) && dnsmasq.alive(r)) {
                return;
            }
            hosts.put(mac, ip);
            HostsFile.write(store.hostsFile(r), hosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dnsmasq.reload(r);
    }

    void release(Realization r, String mac) {
        try {
            Map<String, String> hosts = HostsFile.read(store.hostsFile(r));
            if (hosts.remove(mac) == null) {
                return;
            }
            HostsFile.write(store.hostsFile(r), hosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dnsmasq.reload(r);
    }

    /** The first {@code n} lowercase letters and digits of an id (hex ids stay readable in names). */
    static String shortId(String id, int n) {
        String clean = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (clean.isEmpty()) {
            clean = String.format("%08x", id.hashCode());
        }
        return clean.length() <= n ? clean : clean.substring(0, n);
    }

    private void tolerate(String what, List<String> argv, String harmless) {
        CommandRunner.Result result = commands.run(argv);
        if (!result.ok() && !result.stderr().contains(harmless)) {
            throw Commands.failure(what, result);
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
