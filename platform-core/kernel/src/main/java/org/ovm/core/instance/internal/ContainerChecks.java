package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.ovm.core.OvmException;
import org.ovm.core.image.ImageReferences;
import org.ovm.core.instance.ContainerRequest;
import org.ovm.core.instance.ContainerRequest.PortRequest;
import org.ovm.core.instance.ContainerRequest.VolumeMount;
import org.ovm.core.internal.support.Checks;
import org.ovm.spi.hypervisor.ContainerSpec;

/**
 * Checks a container block field by field (a 4xx naming the field for anything wrong) and gives
 * it back normalized: defaults filled in, nothing the engine would refuse or misread left.
 */
public final class ContainerChecks {

    static final int MAX_ARGS = 256;
    static final int MAX_ARG_LENGTH = 4096;
    static final int MAX_ENV = 256;
    static final int MAX_PORTS = 64;
    static final int MAX_VOLUMES = 32;
    static final int MAX_LABELS = 64;

    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,255}$");
    private static final Pattern VOLUME_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$");
    private static final Pattern LABEL_KEY = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_./-]{0,127}$");
    private static final Pattern RESTART = Pattern.compile("^(no|always|unless-stopped|on-failure(:[0-9]{1,4})?)$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");

    private ContainerChecks() {
    }

    /** The block, checked and normalized. */
    public static ContainerRequest check(ContainerRequest c) {
        if (c.image() == null || c.image().isBlank()) {
            throw OvmException.invalid("container.image", "container.image is required, e.g. busybox:latest");
        }
        String image = c.image().trim();
        if (!ImageReferences.valid(image)) {
            throw OvmException.invalid("container.image", "'" + c.image() + "' is not an image reference "
                    + "(repository[:tag] or repository@sha256:digest, lower-case repository)");
        }
        List<String> command = args("container.command", c.command());
        List<String> entrypoint = args("container.entrypoint", c.entrypoint());
        Map<String, String> env = env(c.env());
        List<PortRequest> ports = ports(c.ports());
        String restart = c.restartPolicy() == null ? "no" : c.restartPolicy().trim();
        if (!RESTART.matcher(restart).matches()) {
            throw OvmException.invalid("container.restartPolicy", "restartPolicy '" + c.restartPolicy()
                    + "' is not one of no, always, unless-stopped, on-failure[:N]");
        }
        List<VolumeMount> volumes = volumes(c.volumes());
        Map<String, String> labels = labels(c.labels());
        return new ContainerRequest(image, command, entrypoint, env, ports, restart, volumes, labels);
    }

    /** The SPI's view of a checked block, with the NICs' addresses. */
    public static ContainerSpec spec(ContainerRequest c, List<String> addresses) {
        List<ContainerSpec.PortMapping> ports = c.ports().stream().map(p -> new ContainerSpec.PortMapping(
                p.containerPort(), p.hostPort() == null ? 0 : p.hostPort(), p.protocol(), p.hostIp())).toList();
        List<ContainerSpec.Mount> mounts = c.volumes().stream()
                .map(v -> new ContainerSpec.Mount(v.name(), v.target(), Boolean.TRUE.equals(v.readOnly()))).toList();
        return new ContainerSpec(c.image(), c.command(), c.entrypoint(), c.env(), ports, c.restartPolicy(), mounts,
                c.labels(), addresses);
    }

    private static List<String> args(String field, List<String> args) {
        if (args == null) {
            return List.of();
        }
        if (args.size() > MAX_ARGS) {
            throw OvmException.invalid(field, field + " has more than " + MAX_ARGS + " arguments");
        }
        for (String a : args) {
            if (a == null) {
                throw OvmException.invalid(field, field + " has a null argument");
            }
            if (a.length() > MAX_ARG_LENGTH) {
                throw OvmException.invalid(field, field + " has an argument longer than " + MAX_ARG_LENGTH
                        + " characters");
            }
            Checks.requireText(field, a, MAX_ARG_LENGTH);
        }
        return List.copyOf(args);
    }

    private static Map<String, String> env(Map<String, String> env) {
        if (env == null) {
            return Map.of();
        }
        if (env.size() > MAX_ENV) {
            throw OvmException.invalid("container.env", "at most " + MAX_ENV + " environment variables");
        }
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k == null || !ENV_NAME.matcher(k).matches()) {
                throw OvmException.invalid("container.env", "environment variable name '" + printable(k)
                        + "' is invalid: letters, digits and '_', not starting with a digit (no '=', spaces or line breaks)");
            }
            String value = v == null ? "" : v;
            if (value.length() > MAX_ARG_LENGTH) {
                throw OvmException.invalid("container.env." + k, "the value of " + k + " is longer than "
                        + MAX_ARG_LENGTH + " characters");
            }
            Checks.requireText("container.env." + k, value, MAX_ARG_LENGTH);
            out.put(k, value);
        });
        return out;
    }

    private static List<PortRequest> ports(List<PortRequest> ports) {
        if (ports == null) {
            return List.of();
        }
        if (ports.size() > MAX_PORTS) {
            throw OvmException.invalid("container.ports", "at most " + MAX_PORTS + " published ports");
        }
        List<PortRequest> out = new ArrayList<>();
        Set<String> hostPorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            PortRequest p = ports.get(i);
            String field = "container.ports[" + i + "]";
            if (p == null) {
                throw OvmException.invalid(field, field + " is null");
            }
            if (p.containerPort() == null || p.containerPort() < 1 || p.containerPort() > 65535) {
                throw OvmException.invalid(field + ".containerPort", "containerPort " + p.containerPort()
                        + " is out of range: 1..65535");
            }
            if (p.hostPort() != null && (p.hostPort() < 1 || p.hostPort() > 65535)) {
                throw OvmException.invalid(field + ".hostPort", "hostPort " + p.hostPort()
                        + " is out of range: 1..65535 (omit it to let the engine pick one)");
            }
            String protocol = p.protocol() == null ? "tcp" : p.protocol().toLowerCase(java.util.Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw OvmException.invalid(field + ".protocol", "protocol '" + p.protocol() + "' is not tcp or udp");
            }
            if (p.hostIp() != null && !IPV4.matcher(p.hostIp()).matches()) {
                throw OvmException.invalid(field + ".hostIp", "hostIp '" + p.hostIp() + "' is not an IPv4 address");
            }
            if (p.hostPort() != null && !hostPorts.add(p.hostPort() + "/" + protocol)) {
                throw OvmException.invalid(field + ".hostPort", "host port " + p.hostPort() + "/" + protocol
                        + " is published twice");
            }
            out.add(new PortRequest(p.containerPort(), p.hostPort(), protocol, p.hostIp()));
        }
        return out;
    }

    private static List<VolumeMount> volumes(List<VolumeMount> volumes) {
        if (volumes == null) {
            return List.of();
        }
        if (volumes.size() > MAX_VOLUMES) {
            throw OvmException.invalid("container.volumes", "at most " + MAX_VOLUMES + " volumes");
        }
        List<VolumeMount> out = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeMount v = volumes.get(i);
            String field = "container.volumes[" + i + "]";
            if (v == null || v.name() == null || !VOLUME_NAME.matcher(v.name()).matches()) {
                throw OvmException.invalid(field + ".name", "volume name '" + (v == null ? null : v.name())
                        + "' is invalid: letters, digits, '_', '.', '-' (an engine volume, created when missing)");
            }
            if (v.target() == null || !v.target().startsWith("/") || v.target().contains("..")
                    || v.target().length() > 1024 || v.target().chars().anyMatch(ch -> ch < 32)) {
                throw OvmException.invalid(field + ".target", "target '" + printable(v.target())
                        + "' is not an absolute path inside the container");
            }
            if (!targets.add(v.target())) {
                throw OvmException.invalid(field + ".target", "two volumes are mounted at " + v.target());
            }
            out.add(new VolumeMount(v.name(), v.target(), Boolean.TRUE.equals(v.readOnly())));
        }
        return out;
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            throw OvmException.invalid("container.labels", "at most " + MAX_LABELS + " labels");
        }
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches() || k.startsWith("org.ovm.")) {
                throw OvmException.invalid("container.labels", "label '" + printable(k)
                        + "' is invalid (letters, digits, '_', '.', '/', '-'; org.ovm.* is reserved)");
            }
            if (v != null && v.length() > MAX_ARG_LENGTH) {
                throw OvmException.invalid("container.labels." + k, "the value of label " + k + " is too long");
            }
            Checks.requireText("container.labels." + k, v, MAX_ARG_LENGTH);
            out.put(k, v == null ? "" : v);
        });
        return out;
    }

    /** A name as it can appear in a message: line breaks and controls shown escaped. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch < 32 ? String.format("\\u%04x", (int) ch) : ch);
        }
        return b.length() > 64 ? b.substring(0, 64) + "..." : b.toString();
    }
}
