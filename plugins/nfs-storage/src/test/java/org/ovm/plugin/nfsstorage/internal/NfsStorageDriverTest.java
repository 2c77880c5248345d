package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageCapability;

class NfsStorageDriverTest {

    private static final PoolSpec POOL = new PoolSpec("p1", "nfs1", "nfs://127.0.0.1/export", Map.of());

    @TempDir
    Path modules;

    private NfsStorageDriver driver() {
        return new NfsStorageDriver(new NfsVolumes(new Commands(), () -> {
            throw new AssertionError("no libnfs in unit tests");
        }), modules);
    }

    @Test
    void isASharedPoolTypeWithQcow2First() {
        NfsStorageDriver driver = driver();
        assertThat(driver.type()).isEqualTo("nfs");
        assertThat(driver.capabilities()).contains(StorageCapability.SHARED, StorageCapability.LINKED_CLONE);
        assertThat(driver.volumeFormats()).containsExactly("qcow2", "raw", "vmdk");
    }

    @Test
    void kvmAndEsxiHostsAttachOthersAreRefused() {
        for (String uri : new String[] {"https://10.0.0.9/sdk", "https://esxi1.example.org", "https://[::1]:18443/sdk"}) {
            assertThatCode(() -> driver().checkHost(POOL, new HostEndpoint("h1", uri, null, null, Map.of())))
                    .doesNotThrowAnyException();
        }
        for (String uri : new String[] {"unix:///var/run/docker.sock", "tcp://10.0.0.7:2376"}) {
            assertThatThrownBy(() -> driver().checkHost(POOL, new HostEndpoint("h1", uri, null, null, Map.of())))
                    .isInstanceOf(DriverException.class).hasMessageStartingWith("Docker hosts cannot use NFS pools: ")
                    .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        }
        for (String uri : new String[] {"sim://h1", "https://10.0.0.9/api"}) {
            assertThatThrownBy(() -> driver().checkHost(POOL, new HostEndpoint("h1", uri, null, null, Map.of())))
                    .isInstanceOf(DriverException.class).hasMessageContaining("NFS pools serve KVM and ESXi hosts only")
                    .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        }
    }

    @Test
    void aKvmHostOfThisMachineNeedsQemusNfsDriver() throws Exception {
        HostEndpoint local = new HostEndpoint("h1", "qemu+tcp://127.0.0.1/system", null, null, Map.of());
        assertThatThrownBy(() -> driver().checkHost(POOL, local)).hasMessageContaining(
                "install the Debian package qemu-block-extra there");
        Files.createFile(modules.resolve("block-nfs.so"));
        assertThatCode(() -> driver().checkHost(POOL, local)).doesNotThrowAnyException();
        Files.delete(modules.resolve("block-nfs.so"));
        // a remote host cannot be looked into: its export access shows on the first guest start
        assertThatCode(() -> driver().checkHost(POOL, new HostEndpoint("h2", "qemu+tls://kvm2.example.org/system", null,
                null, Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void recognisesThisMachine() {
        assertThat(NfsStorageDriver.sameMachine("qemu:///system")).isTrue();
        assertThat(NfsStorageDriver.sameMachine("qemu+tcp://127.0.0.1:16510/system")).isTrue();
        assertThat(NfsStorageDriver.sameMachine("qemu+ssh://root@kvm1/system")).isFalse();
    }

    @Test
    void readsOnlyWhatTheEngineCanOpen() throws Exception {
        Path image = Files.createFile(modules.resolve("t.qcow2"));
        assertThat(NfsVolumes.readable("nfs://10.0.0.5/e/t.qcow2")).isEqualTo("nfs://10.0.0.5/e/t.qcow2");
        assertThat(NfsVolumes.readable(image.toString())).isEqualTo(image.toString());
        assertThat(NfsVolumes.readable(image.toUri().toString())).isEqualTo(image.toString());
        assertThat(NfsVolumes.readable("/nonexistent/t.qcow2")).isNull();
        assertThat(NfsVolumes.readable("file://kvm2/var/t.qcow2")).isNull();
        assertThat(NfsVolumes.readable("[ds1] t/t.vmdk")).isNull();
    }
}
