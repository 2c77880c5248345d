package org.ovm.plugin.docker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;

/**
 * The network namespace of a running container, found by one of its NICs' MAC: the engine names the
 * container's first process ({@code State.Pid}); that pid means something here only when the engine runs
 * on this machine, in its PID namespace. That is checked, not assumed from the endpoint (an engine in
 * another network namespace of this machine is reached over tcp and still qualifies): the process's
 * control group must name the container's id ({@code /docker/<id>}, {@code docker-<id>.scope}).
 */
final class ContainerNamespaces {

    private final Path proc;

    ContainerNamespaces(Path proc) {
        this.proc = proc;
    }

    /**
     * {@code /proc/<pid>/ns/net} of the running container with a NIC of {@code mac}; empty when no running
     * container has it.
     *
     * @throws DriverException {@code UNSUPPORTED} when the container's process is not this machine's
     */
    Optional<String> of(DockerClient docker, String mac) {
        String wanted = mac.strip().toLowerCase(Locale.ROOT);
        for (Container c : docker.listContainersCmd().withShowAll(false).exec()) {
            if (c.getNetworkSettings() == null || !hasMac(c.getNetworkSettings().getNetworks(), wanted)) {
                continue;
            }
            InspectContainerResponse inspected = docker.inspectContainerCmd(c.getId()).exec();
            Long pid = inspected.getState() == null ? null : inspected.getState().getPidLong();
            if (pid == null || pid <= 0) {
                return Optional.empty();
            }
            if (!ownedBy(proc.resolve(Long.toString(pid)).resolve("cgroup"), inspected.getId())) {
                throw new DriverException(ErrorCode.UNSUPPORTED, "the engine of container " + c.getNames()[0]
                        + " does not run on this machine (its process " + pid + " is not one of ours): OVM enforces "
                        + "security groups in containers of engines on its own machine only");
            }
            return Optional.of(proc.resolve(Long.toString(pid)).resolve("ns").resolve("net").toString());
        }
        return Optional.empty();
    }

    private static boolean hasMac(Map<String, ContainerNetwork> networks, String mac) {
        return networks != null && networks.values().stream()
                .anyMatch(n -> n.getMacAddress() != null && n.getMacAddress().toLowerCase(Locale.ROOT).equals(mac));
    }

    /** True when the control groups in {@code cgroupFile} name container {@code id}. */
    static boolean ownedBy(Path cgroupFile, String id) {
        try {
            return id != null && id.length() >= 12 && Files.readString(cgroupFile).contains(id);
        } catch (IOException e) {
            return false;
        }
    }
}
