package org.ovm.plugin.docker.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.ContainerSpec;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;

/**
 * Creates a container from an instance spec: limits in the host config, the first NIC as the
 * container's network (with its MAC and IPAM address), further NICs connected after create.
 * A failure after the engine created the container removes it again.
 */
final class ContainerCreation {

    /** Label the driver puts on the containers it creates. */
    static final String LABEL_MANAGED = "org.ovm.managed";

    private static final long MIB = 1024L * 1024L;
    private static final long NANOS = 1_000_000_000L;

    private ContainerCreation() {
    }

    /** Creates the container; returns its id. */
    static String create(DockerClient docker, VmSpec spec, ContainerSpec container) {
        HostConfig host = HostConfig.newHostConfig().withNanoCPUs(spec.cpus() * NANOS)
                .withMemory(spec.memoryMiB() * MIB).withMemorySwap(spec.memoryMiB() * MIB)
                .withRestartPolicy(restartPolicy(container.restartPolicy()));
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (ContainerSpec.PortMapping p : container.ports()) {
            ExposedPort port = new ExposedPort(p.containerPort(),
                    "udp".equals(p.protocol()) ? InternetProtocol.UDP : InternetProtocol.TCP);
            exposed.add(port);
            String hostPort = p.hostPort() == 0 ? null : String.valueOf(p.hostPort());
            bindings.bind(port, new Ports.Binding(p.hostIp(), hostPort));
        }
        host.withPortBindings(bindings);
        List<Mount> mounts = new ArrayList<>();
        for (ContainerSpec.Mount m : container.mounts()) {
            mounts.add(new Mount().withType(MountType.VOLUME).withSource(m.source()).withTarget(m.target())
                    .withReadOnly(m.readOnly()));
        }
        host.withMounts(mounts);
        List<NicSpec> nics = spec.nics();
        if (!nics.isEmpty()) {
            host.withNetworkMode(nics.get(0).portRef());
        }
        Map<String, String> labels = new HashMap<>(container.labels());
        labels.put(LABEL_MANAGED, "true");
        List<String> env = new ArrayList<>();
        container.env().forEach((k, v) -> env.add(k + "=" + v));

        CreateContainerCmd cmd = docker.createContainerCmd(container.image()).withName(spec.name())
                .withHostConfig(host).withLabels(labels).withEnv(env).withExposedPorts(exposed);
        if (!container.command().isEmpty()) {
            cmd.withCmd(container.command());
        }
        if (!container.entrypoint().isEmpty()) {
            cmd.withEntrypoint(container.entrypoint());
        }
        if (!nics.isEmpty()) {
            cmd.withMacAddress(nics.get(0).mac());
            String ip = address(container, 0);
            if (ip != null) {
                cmd.withIpv4Address(ip);
            }
        }
        String id = cmd.exec().getId();
        try {
            for (int i = 1; i < nics.size(); i++) {
                ContainerNetwork endpoint = new ContainerNetwork().withMacAddress(nics.get(i).mac());
                String ip = address(container, i);
                if (ip != null) {
                    endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(ip));
                }
                docker.connectToNetworkCmd().withContainerId(id).withNetworkId(nics.get(i).portRef())
                        .withContainerNetwork(endpoint).exec();
            }
            return id;
        } catch (RuntimeException e) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The engine's restart policy for {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}. */
    static RestartPolicy restartPolicy(String policy) {
        if (policy == null || policy.equals("no")) {
            return RestartPolicy.noRestart();
        }
        if (policy.equals("always")) {
            return RestartPolicy.alwaysRestart();
        }
        if (policy.equals("unless-stopped")) {
            return RestartPolicy.unlessStoppedRestart();
        }
        if (policy.equals("on-failure")) {
            return RestartPolicy.onFailureRestart(0);
        }
        if (policy.startsWith("on-failure:")) {
            try {
                return RestartPolicy.onFailureRestart(Integer.parseInt(policy.substring(11)));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new DriverException(ErrorCode.INVALID, "restartPolicy '" + policy
                + "' is not one of no, always, unless-stopped, on-failure[:N]");
    }

    private static String address(ContainerSpec container, int nic) {
        return nic < container.addresses().size() ? container.addresses().get(nic) : null;
    }
}
