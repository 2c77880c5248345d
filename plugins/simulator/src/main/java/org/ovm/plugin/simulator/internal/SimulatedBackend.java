package org.ovm.plugin.simulator.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * The simulated hosts' state: instances per host, in memory. This is the "backend" the
 * simulator drivers talk to; it is lost when the bundle stops, like a host being reinstalled.
 */
public final class SimulatedBackend {

    static final int DEFAULT_CPUS = 32;
    static final long DEFAULT_MEMORY_MIB = 128 * 1024;

    private final Map<String, Map<String, InstanceInfo>> hosts = new ConcurrentHashMap<>();
    private final Set<String> seeded = ConcurrentHashMap.newKeySet();
    /** Hosts seen powered off (their {@code down} file existed): their instances stop when it is gone. */
    private final Set<String> poweredOff = ConcurrentHashMap.newKeySet();
    /** Snapshots per instance (backend id), oldest first. */
    private final Map<String, Map<String, SnapshotInfo>> snapshots = new ConcurrentHashMap<>();

    /**
     * Fails with {@code UNREACHABLE} while the file named by the host URI's {@code down} parameter exists
     * (a simulated power loss: {@code sim://h1?down=/tmp/h1.down}); once it is gone, the host answers again
     * and finds its instances powered off, as a KVM host does after a power loss (defined, shut off).
     */
    void reachable(HostEndpoint host) {
        String down = parameter(URI.create(host.uri()), "down");
        if (down == null) {
            return;
        }
        if (Files.exists(Path.of(down))) {
            poweredOff.add(host.hostId());
            throw new DriverException(ErrorCode.UNREACHABLE, "simulated host " + host.uri() + " is powered off");
        }
        if (poweredOff.remove(host.hostId())) {
            Map<String, InstanceInfo> all = instances(host.hostId());
            all.replaceAll((id, i) -> new InstanceInfo(i.backendId(), i.name(), PowerState.STOPPED, i.cpus(),
                    i.memoryMiB(), i.details()));
        }
    }

    HostFacts facts(HostEndpoint host) {
        URI uri = URI.create(host.uri());
        if (!"sim".equals(uri.getScheme())) {
            throw new DriverException(ErrorCode.INVALID, "the simulator serves sim:// URIs, not " + host.uri());
        }
        if ("unreachable".equals(uri.getHost())) {
            throw new DriverException(ErrorCode.UNREACHABLE, "simulated host " + host.uri() + " does not answer");
        }
        int cpus = (int) number(uri, "cpus", DEFAULT_CPUS);
        long memory = number(uri, "memoryMiB", DEFAULT_MEMORY_MIB);
        return new HostFacts("Simulated CPU", cpus, memory, "OVM simulator 1.0", Map.of("simulated", "true"));
    }

    Map<String, InstanceInfo> instances(String hostId) {
        return hosts.computeIfAbsent(hostId, k -> new ConcurrentHashMap<>());
    }

    List<InstanceInfo> list(HostEndpoint host) {
        facts(host);
        Map<String, InstanceInfo> all = instances(host.hostId());
        long seed = number(URI.create(host.uri()), "seed", 0);
        if (seed > 0 && seeded.add(host.hostId())) {
            // instances the host "already ran" before OVM knew it: discovery imports them unmanaged
            for (int i = 0; i < seed; i++) {
                InstanceInfo info = new InstanceInfo(UUID.randomUUID().toString(), "seed-" + i, PowerState.RUNNING, 1,
                        512, Map.of());
                all.put(info.backendId(), info);
            }
        }
        return new ArrayList<>(all.values());
    }

    Optional<InstanceInfo> find(HostEndpoint host, String backendId) {
        return Optional.ofNullable(instances(host.hostId()).get(backendId));
    }

    InstanceInfo define(HostEndpoint host, VmSpec spec) {
        facts(host);
        Map<String, InstanceInfo> all = instances(host.hostId());
        synchronized (all) {
            if (all.values().stream().anyMatch(i -> i.name().equals(spec.name()))) {
                throw new DriverException(ErrorCode.CONFLICT, "an instance named " + spec.name()
                        + " already exists on the simulated host");
            }
            InstanceInfo info = new InstanceInfo(UUID.randomUUID().toString(), spec.name(), PowerState.STOPPED,
                    spec.cpus(), spec.memoryMiB(), Map.of());
            all.put(info.backendId(), info);
            return info;
        }
    }

    InstanceInfo power(HostEndpoint host, String backendId, PowerState state) {
        Map<String, InstanceInfo> all = instances(host.hostId());
        InstanceInfo current = all.get(backendId);
        if (current == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no simulated instance " + backendId);
        }
        InstanceInfo next = new InstanceInfo(current.backendId(), current.name(), state, current.cpus(),
                current.memoryMiB(), current.details());
        all.put(backendId, next);
        return next;
    }

    void undefine(HostEndpoint host, String backendId) {
        instances(host.hostId()).remove(backendId);
        snapshots.remove(backendId);
    }

    SnapshotInfo snapshot(HostEndpoint host, String backendId, String name,
            String description) {
        InstanceInfo instance = existing(host, backendId);
        return snapshots.computeIfAbsent(backendId, k -> Collections.synchronizedMap(
                new LinkedHashMap<>())).computeIfAbsent(name, k -> new SnapshotInfo(
                        name, description, Instant.now(), instance.state()));
    }

    List<SnapshotInfo> snapshots(HostEndpoint host, String backendId) {
        existing(host, backendId);
        Map<String, SnapshotInfo> taken = snapshots.getOrDefault(backendId, Map.of());
        synchronized (taken) {
            return new ArrayList<>(taken.values());
        }
    }

    InstanceInfo revert(HostEndpoint host, String backendId, String name) {
        existing(host, backendId);
        SnapshotInfo snapshot = snapshots.getOrDefault(backendId, Map.of()).get(name);
        if (snapshot == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no snapshot " + name + " of simulated instance "
                    + backendId);
        }
        return power(host, backendId, snapshot.state());
    }

    void deleteSnapshot(HostEndpoint host, String backendId, String name) {
        snapshots.getOrDefault(backendId, Map.of()).remove(name);
    }

    /** Attaches a volume: the instance's details list its disks (comma separated), as a hypervisor reports them. */
    InstanceInfo attach(HostEndpoint host, String backendId, String path) {
        return disks(host, backendId, path, true);
    }

    InstanceInfo detach(HostEndpoint host, String backendId, String path) {
        return disks(host, backendId, path, false);
    }

    private synchronized InstanceInfo disks(HostEndpoint host, String backendId, String path, boolean attach) {
        InstanceInfo current = existing(host, backendId);
        Set<String> disks = new LinkedHashSet<>();
        String listed = current.details().get("disks");
        if (listed != null && !listed.isEmpty()) {
            disks.addAll(List.of(listed.split(",")));
        }
        if (attach) {
            disks.add(path);
        } else {
            disks.remove(path);
        }
        Map<String, String> details = new HashMap<>(current.details());
        details.put("disks", String.join(",", disks));
        InstanceInfo next = new InstanceInfo(current.backendId(), current.name(), current.state(), current.cpus(),
                current.memoryMiB(), details);
        instances(host.hostId()).put(backendId, next);
        return next;
    }

    private InstanceInfo existing(HostEndpoint host, String backendId) {
        InstanceInfo instance = instances(host.hostId()).get(backendId);
        if (instance == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no simulated instance " + backendId);
        }
        return instance;
    }

    private static String parameter(URI uri, String key) {
        String query = uri.getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals(key)) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    private static long number(URI uri, String key, long fallback) {
        String query = uri.getQuery();
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[0].equals(key)) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    throw new DriverException(ErrorCode.INVALID, key + " in the host URI must be a number");
                }
            }
        }
        return fallback;
    }
}
