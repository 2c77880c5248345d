package org.ovm.core.instance;

import java.util.List;
import java.util.Map;

/**
 * The container block of an instance create: what makes the instance a container on a container
 * host. The instance's {@code cpus} is its CPU limit and {@code memoryMiB} its hard memory limit.
 *
 * @param image         an image on the host, by reference ({@code repo[:tag]}, {@code repo@sha256:...}); pull it
 *                      through the image center first
 * @param command       replaces the image's command (argument list)
 * @param entrypoint    replaces the image's entrypoint (argument list)
 * @param env           environment variables; names of letters, digits and '_', not starting with a digit
 * @param ports         ports published on the host
 * @param restartPolicy {@code no} (default), {@code always}, {@code unless-stopped}, {@code on-failure[:N]}
 * @param volumes       engine volumes mounted into the container (created when missing)
 * @param labels        labels set on the container ({@code org.ovm.*} is reserved)
 */
public record ContainerRequest(String image, List<String> command, List<String> entrypoint, Map<String, String> env,
        List<PortRequest> ports, String restartPolicy, List<VolumeMount> volumes, Map<String, String> labels) {

    /** An image and, optionally, a command. */
    public ContainerRequest(String image, List<String> command) {
        this(image, command, null, null, null, null, null, null);
    }

    /**
     * A published port.
     *
     * @param containerPort the port inside the container, 1..65535
     * @param hostPort      the host's port, 1..65535; omitted: the engine picks a free one
     * @param protocol      {@code tcp} (default) or {@code udp}
     * @param hostIp        the host address to listen on (IPv4); omitted: all
     */
    public record PortRequest(Integer containerPort, Integer hostPort, String protocol, String hostIp) {
    }

    /**
     * An engine volume mounted into the container.
     *
     * @param name     the volume's name on the host
     * @param target   the absolute path inside the container
     * @param readOnly mount it read-only (default false)
     */
    public record VolumeMount(String name, String target, Boolean readOnly) {
    }
}
