package org.ovm.plugin.docker.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;

/**
 * A container as the SPI reports it. CPUs are the CPU limit ({@code NanoCpus}, or the CFS quota)
 * rounded up, memory the hard limit; an unlimited container reports 0 and says so in its details.
 */
final class ContainerInfos {

    private static final long MIB = 1024L * 1024L;
    private static final long NANOS = 1_000_000_000L;

    private ContainerInfos() {
    }

    static InstanceInfo of(InspectContainerResponse c) {
        HostConfig host = c.getHostConfig() == null ? HostConfig.newHostConfig() : c.getHostConfig();
        ContainerConfig config = c.getConfig();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("type", "container");
        int cpus = cpus(host);
        long memoryMiB = host.getMemory() == null ? 0 : host.getMemory() / MIB;
        details.put("cpuLimit", cpus == 0 ? "unlimited" : nanoCpus(host));
        details.put("memoryLimit", memoryMiB == 0 ? "unlimited" : memoryMiB + " MiB");
        if (config != null) {
            put(details, "image", config.getImage());
            put(details, "command", join(config.getCmd()));
            put(details, "entrypoint", join(config.getEntrypoint()));
            if (config.getEnv() != null) {
                // names only: values may be secrets
                details.put("envKeys", Arrays.stream(config.getEnv()).map(e -> e.split("=", 2)[0])
                        .collect(Collectors.joining(",")));
            }
            if (config.getLabels() != null && !config.getLabels().isEmpty()) {
                new TreeMap<>(config.getLabels()).forEach((k, v) -> details.put("label." + k, v));
            }
        }
        put(details, "imageId", c.getImageId());
        if (host.getRestartPolicy() != null && host.getRestartPolicy().getName() != null
                && !host.getRestartPolicy().getName().isEmpty()) {
            details.put("restartPolicy", host.getRestartPolicy().toString());
        }
        put(details, "ports", ports(host.getPortBindings()));
        if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            for (Map.Entry<String, ContainerNetwork> n : new TreeMap<>(c.getNetworkSettings().getNetworks()).entrySet()) {
                put(details, "network." + n.getKey(), n.getValue().getIpAddress());
            }
        }
        InspectContainerResponse.ContainerState state = c.getState();
        if (state != null) {
            put(details, "status", state.getStatus());
            put(details, "startedAt", state.getStartedAt());
            if (state.getExitCodeLong() != null && !Boolean.TRUE.equals(state.getRunning())) {
                details.put("exitCode", String.valueOf(state.getExitCodeLong()));
            }
        }
        put(details, "created", c.getCreated());
        return new InstanceInfo(c.getId(), name(c.getName()), state(state), cpus, memoryMiB, details);
    }

    static PowerState state(InspectContainerResponse.ContainerState state) {
        if (state == null) {
            return PowerState.UNKNOWN;
        }
        if (Boolean.TRUE.equals(state.getPaused())) {
            return PowerState.PAUSED;
        }
        if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            return PowerState.RUNNING;
        }
        return PowerState.STOPPED;
    }

    static String name(String engineName) {
        return engineName != null && engineName.startsWith("/") ? engineName.substring(1) : engineName;
    }

    private static int cpus(HostConfig host) {
        if (host.getNanoCPUs() != null && host.getNanoCPUs() > 0) {
            return (int) Math.max(1, (host.getNanoCPUs() + NANOS - 1) / NANOS);
        }
        Long quota = host.getCpuQuota();
        Long period = host.getCpuPeriod();
        if (quota != null && quota > 0 && period != null && period > 0) {
            return (int) Math.max(1, (quota + period - 1) / period);
        }
        return 0;
    }

    private static String nanoCpus(HostConfig host) {
        if (host.getNanoCPUs() != null && host.getNanoCPUs() > 0) {
            return String.valueOf(host.getNanoCPUs() / (double) NANOS);
        }
        return String.valueOf(host.getCpuQuota() / (double) host.getCpuPeriod());
    }

    private static String ports(Ports ports) {
        if (ports == null || ports.getBindings() == null) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : ports.getBindings().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            for (Ports.Binding b : e.getValue()) {
                String ip = b.getHostIp() == null || b.getHostIp().isEmpty() ? "" : b.getHostIp() + ":";
                out.add(ip + b.getHostPortSpec() + "->" + e.getKey().getPort() + "/" + e.getKey().getProtocol());
            }
        }
        out.sort(null);
        return out.isEmpty() ? null : String.join(",", out);
    }

    private static String join(String[] args) {
        return args == null || args.length == 0 ? null : String.join(" ", args);
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null && !value.isEmpty()) {
            details.put(key, value);
        }
    }
}
