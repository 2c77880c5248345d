package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;

class VmdkDescriptorTest {

    @TempDir
    Path dir;

    @Test
    void writesWhatEsxiWritesOnNfs() {
        String text = VmdkDescriptor.text("web-disk0-flat.vmdk", 1024L * 1024 * 1024, 0x1234abcdL);
        assertThat(text).startsWith("# Disk DescriptorFile\n").contains("CID=1234abcd\n", "parentCID=ffffffff\n",
                "createType=\"vmfs\"\n", "RW 2097152 VMFS \"web-disk0-flat.vmdk\"\n", "ddb.adapterType = \"lsilogic\"\n",
                "ddb.thinProvisioned = \"1\"\n", "ddb.geometry.cylinders = \"130\"\n").doesNotContain("\r", "\0");
    }

    @Test
    void namesTheDataFileAndRoundsToSectors() {
        assertThat(VmdkDescriptor.flatName("v.vmdk")).isEqualTo("v-flat.vmdk");
        assertThat(VmdkDescriptor.isDescriptor("v.vmdk")).isTrue();
        assertThat(VmdkDescriptor.isDescriptor("v-flat.vmdk")).isFalse();
        assertThat(VmdkDescriptor.isDescriptor("v.qcow2")).isFalse();
        assertThat(VmdkDescriptor.roundUp(1)).isEqualTo(512);
        assertThat(VmdkDescriptor.roundUp(1024)).isEqualTo(1024);
        assertThatThrownBy(() -> VmdkDescriptor.checkName("v-flat.vmdk")).isInstanceOf(DriverException.class)
                .hasMessageContaining("-flat.vmdk");
        assertThatThrownBy(() -> VmdkDescriptor.checkName("v.raw")).isInstanceOf(DriverException.class);
        assertThatThrownBy(() -> VmdkDescriptor.text("a b-flat.vmdk", 512, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEngineReadsItsVmdksOnNfsFromTheirFlatExtent() {
        assertThat(NfsVmdks.source("nfs://127.0.0.1/export/p/v.vmdk", "vmdk"))
                .containsExactly("nfs://127.0.0.1/export/p/v-flat.vmdk", "raw");
        assertThat(NfsVmdks.source("/var/lib/images/v.vmdk", "vmdk")).containsExactly("/var/lib/images/v.vmdk", "vmdk");
        assertThat(NfsVmdks.source("nfs://127.0.0.1/export/p/v.qcow2", "qcow2"))
                .containsExactly("nfs://127.0.0.1/export/p/v.qcow2", "qcow2");
    }

    /** qemu-img of this machine reads the pair as a vmdk (copies and backups of these volumes depend on it). */
    @Test
    void qemuImgReadsTheDescriptor() throws Exception {
        Path flat = dir.resolve("d-flat.vmdk");
        try (var file = new java.io.RandomAccessFile(flat.toFile(), "rw")) {
            file.setLength(4L * 1024 * 1024);
        }
        Files.writeString(dir.resolve("d.vmdk"), VmdkDescriptor.text("d-flat.vmdk", 4L * 1024 * 1024, 7),
                StandardCharsets.US_ASCII);
        Process info = new ProcessBuilder(List.of("qemu-img", "info", "-f", "vmdk", "--output=json",
                dir.resolve("d.vmdk").toString())).redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(info.waitFor()).as(out).isZero();
        QemuImg.Info parsed = QemuImg.parseInfo(out);
        assertThat(parsed.format()).isEqualTo("vmdk");
        assertThat(parsed.virtualSize()).isEqualTo(4L * 1024 * 1024);
        assertThat(out).contains("\"create-type\": \"vmfs\"");
    }
}
