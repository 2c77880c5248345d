package org.ovm.core.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ovm.core.OvmException;
import org.ovm.core.instance.ContainerRequest;
import org.ovm.core.instance.ContainerRequest.PortRequest;
import org.ovm.core.instance.ContainerRequest.VolumeMount;
import org.ovm.spi.hypervisor.ContainerSpec;

class ContainerChecksTest {

    private static ContainerRequest image(String image) {
        return new ContainerRequest(image, null);
    }

    private static ContainerRequest with(Map<String, String> env, List<PortRequest> ports, String restart,
            List<VolumeMount> volumes, Map<String, String> labels) {
        return new ContainerRequest("busybox", null, null, env, ports, restart, volumes, labels);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(image(null), "container.image"),
                Arguments.of(image(" "), "container.image"),
                Arguments.of(image("Busybox"), "container.image"),
                Arguments.of(image("busy box"), "container.image"),
                Arguments.of(image("busybox:"), "container.image"),
                Arguments.of(image("busybox@sha256:abc"), "container.image"),
                Arguments.of(image("a".repeat(256)), "container.image"),
                Arguments.of(new ContainerRequest("busybox", java.util.Arrays.asList("sh", null)), "container.command"),
                Arguments.of(new ContainerRequest("busybox", List.of("a\0b")), "container.command"),
                Arguments.of(with(Map.of("BAD\nKEY", "v"), null, null, null, null), "container.env"),
                Arguments.of(with(Map.of("A=B", "v"), null, null, null, null), "container.env"),
                Arguments.of(with(Map.of("1ABC", "v"), null, null, null, null), "container.env"),
                Arguments.of(with(Map.of("OK", "v\0"), null, null, null, null), "container.env.OK"),
                // free text that no backend carries as given (review F11)
                Arguments.of(with(Map.of("OK", "a\u0001b"), null, null, null, null), "container.env.OK"),
                Arguments.of(with(Map.of("OK", "a\ud800b"), null, null, null, null), "container.env.OK"),
                Arguments.of(with(null, null, null, null, Map.of("team", "x\uffff")), "container.labels.team"),
                Arguments.of(new ContainerRequest("busybox", List.of("echo", "\u001b[2J")), "container.command"),
                Arguments.of(with(null, List.of(new PortRequest(70000, null, null, null)), null, null, null),
                        "container.ports[0].containerPort"),
                Arguments.of(with(null, List.of(new PortRequest(null, 80, null, null)), null, null, null),
                        "container.ports[0].containerPort"),
                Arguments.of(with(null, List.of(new PortRequest(80, 0, null, null)), null, null, null),
                        "container.ports[0].hostPort"),
                Arguments.of(with(null, List.of(new PortRequest(80, 8080, "sctp", null)), null, null, null),
                        "container.ports[0].protocol"),
                Arguments.of(with(null, List.of(new PortRequest(80, 8080, null, "999.1.1.1")), null, null, null),
                        "container.ports[0].hostIp"),
                Arguments.of(with(null, List.of(new PortRequest(80, 8080, null, null), new PortRequest(81, 8080, "TCP",
                        null)), null, null, null), "container.ports[1].hostPort"),
                Arguments.of(with(null, null, "sometimes", null, null), "container.restartPolicy"),
                Arguments.of(with(null, null, "on-failure:x", null, null), "container.restartPolicy"),
                Arguments.of(with(null, null, null, List.of(new VolumeMount("/etc", "/data", null)), null),
                        "container.volumes[0].name"),
                Arguments.of(with(null, null, null, List.of(new VolumeMount("data", "relative", null)), null),
                        "container.volumes[0].target"),
                Arguments.of(with(null, null, null, List.of(new VolumeMount("data", "/a/../b", null)), null),
                        "container.volumes[0].target"),
                Arguments.of(with(null, null, null, List.of(new VolumeMount("a", "/d", null), new VolumeMount("b", "/d",
                        null)), null), "container.volumes[1].target"),
                Arguments.of(with(null, null, null, null, Map.of("org.ovm.managed", "x")), "container.labels"),
                Arguments.of(with(null, null, null, null, Map.of("bad key", "x")), "container.labels"));
    }

    @ParameterizedTest
    @MethodSource
    void refused(ContainerRequest request, String field) {
        assertThatThrownBy(() -> ContainerChecks.check(request)).isInstanceOfSatisfying(OvmException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void acceptedReferences() {
        for (String ref : List.of("busybox", "busybox:1.35", "ovm/busybox:latest", "10.77.0.1:5000/ovm/busybox:1.35",
                "registry.example.com/a/b/c:v1.2-rc_3", "my-app__x", "busybox@sha256:" + "a".repeat(64))) {
            assertThat(ContainerChecks.check(image(ref)).image()).isEqualTo(ref);
        }
    }

    @Test
    void defaultsAreFilledInAndTheSpecCarriesTheAddresses() {
        ContainerRequest checked = ContainerChecks.check(new ContainerRequest(" busybox ", List.of("sleep", "1"), null,
                Map.of("GREETING", "hi"), List.of(new PortRequest(80, null, null, null), new PortRequest(53, 5353, "UDP",
                        "127.0.0.1")), null, List.of(new VolumeMount("data", "/data", null)), null));
        assertThat(checked.image()).isEqualTo("busybox");
        assertThat(checked.restartPolicy()).isEqualTo("no");
        assertThat(checked.ports()).containsExactly(new PortRequest(80, null, "tcp", null),
                new PortRequest(53, 5353, "udp", "127.0.0.1"));
        assertThat(checked.volumes()).containsExactly(new VolumeMount("data", "/data", false));
        assertThat(checked.entrypoint()).isEmpty();
        assertThat(checked.labels()).isEmpty();

        ContainerSpec spec = ContainerChecks.spec(checked, List.of("10.88.0.7"));
        assertThat(spec.ports()).containsExactly(new ContainerSpec.PortMapping(80, 0, "tcp", null),
                new ContainerSpec.PortMapping(53, 5353, "udp", "127.0.0.1"));
        assertThat(spec.mounts()).containsExactly(new ContainerSpec.Mount("data", "/data", false));
        assertThat(spec.addresses()).containsExactly("10.88.0.7");
        assertThat(spec.env()).containsEntry("GREETING", "hi");
        assertThat(spec.command()).containsExactly("sleep", "1");
    }

    @Test
    void restartPoliciesTheEngineKnows() {
        for (String policy : List.of("no", "always", "unless-stopped", "on-failure", "on-failure:5")) {
            assertThat(ContainerChecks.check(with(null, null, policy, null, null)).restartPolicy()).isEqualTo(policy);
        }
    }
}
