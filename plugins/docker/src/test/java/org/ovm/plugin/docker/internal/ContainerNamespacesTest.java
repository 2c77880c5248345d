package org.ovm.plugin.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a process's control groups name a container: only then is the engine's pid this machine's. */
class ContainerNamespacesTest {

    private static final String ID = "4847276045a22f29f4b8d0abc81e5dd03f583e3729091797aad4a01b99eecec1";

    @Test
    void aProcessBelongsToTheContainerItsControlGroupNames(@TempDir Path dir) throws Exception {
        Path cgroupfs = Files.writeString(dir.resolve("a"), "4:memory:/docker/" + ID + "\n0::/docker/" + ID + "\n");
        Path systemd = Files.writeString(dir.resolve("b"), "0::/system.slice/docker-" + ID + ".scope\n");
        Path other = Files.writeString(dir.resolve("c"), "0::/user.slice/user-1000.slice/session-2.scope\n");
        assertThat(ContainerNamespaces.ownedBy(cgroupfs, ID)).isTrue();
        assertThat(ContainerNamespaces.ownedBy(systemd, ID)).isTrue();
        assertThat(ContainerNamespaces.ownedBy(other, ID)).as("another machine's pid names something else").isFalse();
        assertThat(ContainerNamespaces.ownedBy(dir.resolve("gone"), ID)).as("no such process").isFalse();
        assertThat(ContainerNamespaces.ownedBy(cgroupfs, "")).isFalse();
    }
}
