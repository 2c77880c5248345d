package org.ovm.plugin.vlannet.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The DHCP server of one realization: a daemonized dnsmasq in the realization's network namespace that
 * serves only the static reservations of its hosts file (no DNS, no dynamic range), found again by its
 * pid file (its command line must name that file, so a recycled pid is never taken for it).
 */
final class Dnsmasq {

    private final Commands commands;
    private final StateStore store;

    Dnsmasq(Commands commands, StateStore store) {
        this.commands = commands;
        this.store = store;
    }

    /** The command that starts it (it daemonizes once it listens, and reports startup errors before). */
    List<String> argv(Realization r) {
        Ipv4.Cidr cidr = Ipv4.Cidr.parse(r.cidr());
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", r.namespace(), "dnsmasq",
                "--conf-file=/dev/null", "--port=0", "--no-resolv", "--no-hosts", "--interface=" + r.nsVeth(),
                "--except-interface=lo", "--bind-interfaces",
                "--dhcp-range=" + cidr.networkAddress() + ",static," + cidr.netmask() + "," + r.leaseTime(),
                "--dhcp-hostsfile=" + store.hostsFile(r), "--dhcp-leasefile=" + store.leaseFile(r), "--no-ping"));
        // an option without a value makes dnsmasq send none (else it offers itself as router and DNS server)
        argv.add("--dhcp-option=option:router" + (r.gateway() == null ? "" : "," + r.gateway()));
        argv.add("--dhcp-option=option:dns-server" + (r.dns() == null ? "" : "," + r.dns()));
        argv.addAll(List.of("--pid-file=" + store.pidFile(r), "--log-facility=" + store.logFile(r), "--log-dhcp",
                "--user=root", "--group=root"));
        return argv;
    }

    void start(Realization r) {
        if (!Files.exists(store.hostsFile(r))) {
            try {
                HostsFile.writeAtomically(store.hostsFile(r), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        commands.check("starting the DHCP server (dnsmasq) of " + r.describe(), argv(r));
    }

    /** The pid of the running dnsmasq of {@code r}, if it runs. */
    OptionalLong pid(Realization r) {
        Path pidFile = store.pidFile(r);
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            String text = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
            if (!text.matches("\\d{1,10}")) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(text);
            return isOurs(pid, pidFile) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    boolean alive(Realization r) {
        return pid(r).isPresent();
    }

    /** Makes dnsmasq re-read its hosts file. */
    void reload(Realization r) {
        OptionalLong pid = pid(r);
        if (pid.isEmpty()) {
            start(r);
            return;
        }
        commands.check("reloading the DHCP reservations of " + r.describe(),
                List.of("kill", "-HUP", Long.toString(pid.getAsLong())));
    }

    /** Stops it (TERM, then KILL after 3 s); nothing when it does not run. */
    void stop(Realization r) {
        OptionalLong pid = pid(r);
        if (pid.isEmpty()) {
            return;
        }
        String p = Long.toString(pid.getAsLong());
        commands.run(List.of("kill", "-TERM", p));
        for (int i = 0; i < 30 && running(pid.getAsLong()); i++) {
            sleep(100);
        }
        if (running(pid.getAsLong())) {
            commands.run(List.of("kill", "-KILL", p));
            for (int i = 0; i < 20 && running(pid.getAsLong()); i++) {
                sleep(100);
            }
        }
    }

    /** Whether {@code pid} is a live (not zombie) process whose command line names {@code pidFile}. */
    static boolean isOurs(long pid, Path pidFile) throws IOException {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (!running(pid) || !Files.exists(cmdline)) {
            return false;
        }
        String args = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
        return args.contains("dnsmasq") && args.contains("--pid-file=" + pidFile);
    }

    /** Alive and not a zombie waiting for its parent (PID 1 here) to reap it. */
    static boolean running(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("State:")) {
                    char state = line.substring("State:".length()).strip().charAt(0);
                    return state != 'Z' && state != 'X';
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
