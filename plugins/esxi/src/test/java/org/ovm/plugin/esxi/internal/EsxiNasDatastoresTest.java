package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.VmSpec;

class EsxiNasDatastoresTest {

    private static final List<EsxiNasDatastores.Nas> MOUNTS = List.of(
            new EsxiNasDatastores.Nas("ovm-shared", "127.0.0.1", "/srv/export/shared"),
            new EsxiNasDatastores.Nas("nas-root", "127.0.0.1", "/srv/export/"),
            new EsxiNasDatastores.Nas("other", "10.0.0.5", "/srv/export/shared"));

    @Test
    void namesTheDatastoreAfterThePool() {
        assertThat(EsxiNasDatastores.datastoreName("shared")).isEqualTo("ovm-shared");
        assertThat(EsxiNasDatastores.datastoreName("team a/b")).isEqualTo("ovm-team-a-b");
        assertThat(EsxiNasDatastores.datastoreName("x".repeat(60))).hasSize(42).startsWith("ovm-x");
    }

    @Test
    void mapsAVolumeUrlOntoTheDatastoreMountingTheLongestPrefix() {
        assertThat(EsxiNasDatastores.datastorePath(MOUNTS, "nfs://127.0.0.1/srv/export/shared/web-disk0.vmdk"))
                .isEqualTo("[ovm-shared] web-disk0.vmdk");
        assertThat(EsxiNasDatastores.datastorePath(MOUNTS, "nfs://127.0.0.1/srv/export/other/d.vmdk"))
                .isEqualTo("[nas-root] other/d.vmdk");
        assertThat(EsxiNasDatastores.datastorePath(MOUNTS, "nfs://10.0.0.5/srv/export/shared/d.vmdk"))
                .isEqualTo("[other] d.vmdk");
    }

    @Test
    void aUrlNoDatastoreMountsIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> EsxiNasDatastores.datastorePath(MOUNTS, "nfs://10.0.0.6/srv/export/shared/d.vmdk"))
                .isInstanceOf(DriverException.class).hasMessageContaining("attach the volume's storage pool to this host")
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.INVALID));
        // a sibling directory whose name merely starts like the mount's is not under it
        assertThatThrownBy(() -> EsxiNasDatastores.datastorePath(List.of(MOUNTS.get(0)),
                "nfs://127.0.0.1/srv/export/shared2/d.vmdk")).isInstanceOf(DriverException.class);
    }

    @Test
    void rewritesOnlyNfsDisksOfASpec() {
        VmSpec spec = new VmSpec("web", 1, 64, List.of(new DiskSpec("nfs://127.0.0.1/srv/export/shared/w.vmdk",
                "vmdk", "scsi", false), new DiskSpec("[LocalDS_0] ovm/d.vmdk", "vmdk", "scsi", false),
                DiskSpec.cdrom("[LocalDS_0] iso/x.iso")), List.of(), Map.of("k", "v"));
        VmSpec mapped = EsxiNasDatastores.mapDisks(spec, MOUNTS);
        assertThat(mapped.disks()).extracting(DiskSpec::volumePath).containsExactly("[ovm-shared] w.vmdk",
                "[LocalDS_0] ovm/d.vmdk", "[LocalDS_0] iso/x.iso");
        assertThat(mapped.disks().get(2).device()).isEqualTo("cdrom");
        assertThat(mapped.properties()).isEqualTo(spec.properties());
        VmSpec local = new VmSpec("db", 1, 64, List.of(spec.disks().get(1)), List.of(), Map.of());
        assertThat(EsxiNasDatastores.mapDisks(local, MOUNTS)).isSameAs(local);
        // and the VM's files go to the first disk's datastore: the NAS one
        assertThat(VmConfigs.create(mapped, "LocalDS_0").getFiles().getVmPathName()).isEqualTo("[ovm-shared]");
    }
}
