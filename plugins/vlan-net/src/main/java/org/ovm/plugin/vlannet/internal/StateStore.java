package org.ovm.plugin.vlannet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/**
 * The plugin's state on this machine, one directory per realization under the state root
 * ({@code ${karaf.data}/vlan-net}): {@code realization.properties}, dnsmasq's hosts, pid, lease and log
 * files, and {@code ports/<mac>.properties} with each NIC's desired port policy. It outlives the engine,
 * so a restarted plugin adopts what is running.
 */
final class StateStore {

    static final String REALIZATION = "realization.properties";

    private final Path root;

    StateStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path dir(Realization r) {
        return root.resolve(r.key());
    }

    Path hostsFile(Realization r) {
        return dir(r).resolve("hosts");
    }

    Path pidFile(Realization r) {
        return dir(r).resolve("dnsmasq.pid");
    }

    Path leaseFile(Realization r) {
        return dir(r).resolve("leases");
    }

    Path logFile(Realization r) {
        return dir(r).resolve("dnsmasq.log");
    }

    /** Every realization recorded here. */
    List<Realization> all() {
        List<Realization> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve(REALIZATION);
                if (Files.isRegularFile(file)) {
                    found.add(Realization.fromProperties(load(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    Optional<Realization> find(String networkId, String hostId) {
        return all().stream().filter(r -> r.networkId().equals(networkId) && r.hostId().equals(hostId)).findFirst();
    }

    /** Whether a state directory of that name exists (a realization, or its leftovers). */
    boolean taken(String key) {
        return Files.exists(root.resolve(key));
    }

    void save(Realization r) {
        try {
            Files.createDirectories(dir(r).resolve("ports"));
            store(dir(r).resolve(REALIZATION), r.toProperties());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(Realization r) {
        deleteTree(dir(r));
    }

    // ---- port policies

    List<PortPolicy> policies(Realization r) {
        List<PortPolicy> policies = new ArrayList<>();
        Path ports = dir(r).resolve("ports");
        if (!Files.isDirectory(ports)) {
            return policies;
        }
        try (Stream<Path> files = Files.list(ports)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                policies.add(fromProperties(load(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return policies;
    }

    Optional<PortPolicy> policy(Realization r, String mac) {
        Path file = policyFile(r, mac);
        return Files.isRegularFile(file) ? Optional.of(fromProperties(load(file))) : Optional.empty();
    }

    void savePolicy(Realization r, PortPolicy policy) {
        try {
            Files.createDirectories(dir(r).resolve("ports"));
            store(policyFile(r, policy.mac()), toProperties(policy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deletePolicy(Realization r, String mac) {
        try {
            Files.deleteIfExists(policyFile(r, mac));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path policyFile(Realization r, String mac) {
        return dir(r).resolve("ports").resolve(mac.replace(":", "") + ".properties");
    }

    static Properties toProperties(PortPolicy p) {
        Properties props = new Properties();
        props.setProperty("mac", p.mac());
        props.setProperty("ip", p.ip());
        props.setProperty("filtered", Boolean.toString(p.filtered()));
        putRules(props, "ingress", p.ingress());
        putRules(props, "egress", p.egress());
        return props;
    }

    static PortPolicy fromProperties(Properties props) {
        return new PortPolicy(props.getProperty("mac"), props.getProperty("ip"),
                Boolean.parseBoolean(props.getProperty("filtered")), rules(props, "ingress"), rules(props, "egress"));
    }

    private static void putRules(Properties props, String direction, List<PortRule> rules) {
        props.setProperty(direction + ".count", Integer.toString(rules.size()));
        for (int i = 0; i < rules.size(); i++) {
            PortRule rule = rules.get(i);
            props.setProperty(direction + "." + i, rule.protocol() + "," + rule.portMin() + "," + rule.portMax() + ","
                    + rule.remoteCidr());
        }
    }

    private static List<PortRule> rules(Properties props, String direction) {
        int count = Integer.parseInt(props.getProperty(direction + ".count", "0"));
        List<PortRule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] f = props.getProperty(direction + "." + i).split(",", 4);
            rules.add(new PortRule(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]));
        }
        return rules;
    }

    // ---- files

    static Properties load(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    static void store(Path file, Properties props) throws IOException {
        StringWriter text = new StringWriter();
        // sorted, without the date comment Properties.store writes: stable content
        for (Map.Entry<Object, Object> e : props.entrySet().stream()
                .sorted(Comparator.comparing(en -> en.getKey().toString())).toList()) {
            Properties one = new Properties();
            one.setProperty(e.getKey().toString(), e.getValue().toString());
            StringWriter line = new StringWriter();
            one.store(line, null);
            line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> text.append(l).append('\n'));
        }
        HostsFile.writeAtomically(file, text.toString());
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
