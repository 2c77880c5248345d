package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

class NfsLocationTest {

    @Test
    void readsServerPathAndOwnerWithDefaults() {
        NfsLocation location = NfsLocation.of("nfs://10.0.0.5/srv/ovm/pool1/", Map.of());
        assertThat(location.server()).isEqualTo("10.0.0.5");
        assertThat(location.path()).isEqualTo("/srv/ovm/pool1");
        assertThat(location.url()).isEqualTo("nfs://10.0.0.5/srv/ovm/pool1");
        assertThat(location.volumeUrl("v1.qcow2")).isEqualTo("nfs://10.0.0.5/srv/ovm/pool1/v1.qcow2");
        assertThat(location.createUrl("v1.qcow2")).isEqualTo("nfs://10.0.0.5/srv/ovm/pool1/v1.qcow2?uid=64055&gid=107");
        assertThat(location.parent()).isEqualTo("/srv/ovm");
        assertThat(location.leaf()).isEqualTo("pool1");
    }

    @Test
    void ownerComesFromThePoolSettings() {
        NfsLocation location = NfsLocation.of("nfs://nas.example.org/export", Map.of("nfsUid", "107", "nfsGid", "64055"));
        assertThat(location.createUrl("a.raw")).isEqualTo("nfs://nas.example.org/export/a.raw?uid=107&gid=64055");
        assertThat(location.parent()).isEqualTo("/");
        assertThatThrownBy(() -> NfsLocation.of("nfs://nas/export", Map.of("nfsUid", "qemu")))
                .hasMessageContaining("nfsUid must be a numeric user or group id");
    }

    @Test
    void refusesWhatQemuCannotUseOrThatCarriesMoreThanALocation() {
        for (String[] bad : new String[][] {
                {"file:///var/lib/ovm", "must look like nfs://server/export/path"},
                {"nfs://127.0.0.1:2049/export", "names a port"},
                {"nfs://user@127.0.0.1/export", "no user, query or fragment"},
                {"nfs://127.0.0.1/export?uid=0", "no user, query or fragment"},
                {"nfs:///export", "names no NFS server"},
                {"nfs://127.0.0.1/", "absolute path"},
                {"nfs://127.0.0.1/export/../etc", "absolute path"},
                {"nfs://127.0.0.1/ex port", "is not a URI"}}) {
            assertThatThrownBy(() -> NfsLocation.of(bad[0], Map.of())).as(bad[0]).isInstanceOf(DriverException.class)
                    .hasMessageContaining(bad[1])
                    .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.INVALID));
        }
    }

    @Test
    void volumeNamesArePlainFileNames() {
        NfsLocation location = NfsLocation.of("nfs://h/e", Map.of());
        for (String bad : new String[] {"../x", "a/b", "x?uid=0", ".hidden", "", "a b", "a..b"}) {
            assertThatThrownBy(() -> location.volumeUrl(bad)).as(bad).hasMessageContaining("plain file name");
        }
        assertThat(location.volumeName("nfs://h/e/t.qcow2")).isEqualTo("t.qcow2");
        assertThat(location.volumeName("nfs://h/e/sub/t.qcow2")).isNull();
        assertThat(location.volumeName("nfs://h/e2/t.qcow2")).isNull();
        assertThat(location.volumeName("/var/lib/ovm/t.qcow2")).isNull();
        assertThat(location.volumeName(null)).isNull();
    }
}
