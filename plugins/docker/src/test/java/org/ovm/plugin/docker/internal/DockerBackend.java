package org.ovm.plugin.docker.internal;

import java.util.Map;

import org.ovm.spi.common.HostEndpoint;

/** The real engine the tests run against: {@code ./ovm backends up docker} starts it and says where. */
final class DockerBackend {

    private DockerBackend() {
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: these tests need a real Docker engine; run "
                    + "'./ovm backends up docker' and export what it prints (./ovm test does both)");
        }
        return value;
    }

    /** The engine over its unix socket. */
    static HostEndpoint local() {
        return new HostEndpoint("docker-test", env("DOCKER_HOST"), null, null, Map.of());
    }

    /** The image {@code ./ovm backends up docker} imported: busybox with a shell. */
    static String image() {
        return env("DOCKER_TEST_IMAGE");
    }
}
