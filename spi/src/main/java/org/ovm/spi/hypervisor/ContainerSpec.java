package org.ovm.spi.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What makes an instance a container, beside its {@link VmSpec} (name, CPUs, memory limit, NICs).
 * The kernel has checked every field before a driver sees it.
 *
 * @param image         the image reference ({@code repo[:tag]} or {@code repo@sha256:...}), present on the host
 * @param command       arguments replacing the image's command, or empty for the image's own
 * @param entrypoint    replaces the image's entrypoint, or empty for the image's own
 * @param env           environment variables (keys without {@code =} or line breaks)
 * @param ports         ports published on the host
 * @param restartPolicy {@code no}, {@code always}, {@code unless-stopped} or {@code on-failure[:N]}
 * @param mounts        volumes mounted into the container
 * @param labels        labels set on the container (the driver may add its own)
 * @param addresses     the IPv4 address IPAM gave each NIC, in the order of {@link VmSpec#nics()}
 * @since 1.3
 */
public record ContainerSpec(String image, List<String> command, List<String> entrypoint, Map<String, String> env,
        List<PortMapping> ports, String restartPolicy, List<Mount> mounts, Map<String, String> labels,
        List<String> addresses) {

    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        env = env == null ? Map.of() : Map.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        restartPolicy = restartPolicy == null ? "no" : restartPolicy;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /**
     * A published port.
     *
     * @param containerPort the port inside the container, 1..65535
     * @param hostPort      the port on the host, 1..65535, or 0 for one the engine picks
     * @param protocol      {@code tcp} or {@code udp}
     * @param hostIp        the host address to bind, or null for all
     */
    public record PortMapping(int containerPort, int hostPort, String protocol, String hostIp) {
    }

    /**
     * A volume mounted into the container.
     *
     * @param source   an engine volume's name (created when missing)
     * @param target   the absolute path inside the container
     * @param readOnly mounted read-only
     */
    public record Mount(String source, String target, boolean readOnly) {
    }
}
