package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;

class QemuImgTest {

    @Test
    void everyCommandNamesTheFormat() {
        assertThat(QemuImg.create("qcow2", "nfs://h/e/v?uid=1&gid=2", 64)).containsExactly("qemu-img", "create", "-q",
                "-f", "qcow2", "nfs://h/e/v?uid=1&gid=2", "64");
        assertThat(QemuImg.createLinked("nfs://h/e/t.qcow2", "raw", "nfs://h/e/v?uid=1&gid=2", 64)).containsExactly(
                "qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", "nfs://h/e/t.qcow2",
                "nfs://h/e/v?uid=1&gid=2", "64");
        assertThat(QemuImg.info("raw", "nfs://h/e/v")).containsExactly("qemu-img", "info", "-f", "raw",
                "--output=json", "nfs://h/e/v");
        assertThat(QemuImg.convert("qcow2", "/a", "raw", "nfs://h/e/b", true)).containsExactly("qemu-img", "convert",
                "-p", "-f", "qcow2", "-O", "raw", "/a", "nfs://h/e/b");
        assertThat(QemuImg.resize("qcow2", "nfs://h/e/v", 10)).containsExactly("qemu-img", "resize", "-q", "-f",
                "qcow2", "nfs://h/e/v", "10");
        assertThat(QemuImg.capacity("nfs://h/e")).isEqualTo(List.of("nfs-ls", "-s", "nfs://h/e"));
    }

    @Test
    void readsInfo() {
        QemuImg.Info info = QemuImg.parseInfo("""
                {
                    "backing-filename-format": "qcow2",
                    "virtual-size": 67108864,
                    "filename": "nfs://127.0.0.1/x/child.qcow2",
                    "format": "qcow2",
                    "actual-size": 331776,
                    "format-specific": {"type": "qcow2", "data": {"compat": "1.1"}},
                    "full-backing-filename": "nfs://127.0.0.1/x/base.qcow2",
                    "backing-filename": "nfs://127.0.0.1/x/base.qcow2",
                    "dirty-flag": false
                }""");
        assertThat(info).isEqualTo(new QemuImg.Info("qcow2", 67108864, 331776, "nfs://127.0.0.1/x/base.qcow2", false));
        assertThat(QemuImg.parseInfo("{\"virtual-size\": 1, \"format\": \"qcow2\", \"format-specific\": {\"data\": "
                + "{\"data-file\": \"/etc/shadow\"}}}").dataFile()).isTrue();
    }

    @Test
    void followsProgressAndCapacity() {
        assertThat(QemuImg.progress("    (42.50/100%)")).isEqualTo(42);
        assertThat(QemuImg.progress("(0.00/100%)  (100.00/100%)")).isEqualTo(100);
        assertThat(QemuImg.progress("Formatting ...")).isEqualTo(-1);
        assertThat(QemuImg.parseFree("-rw-------  1 64055 107 196616 t1.qcow2\n\n237108850688 of 270553174016 bytes free.\n"))
                .containsExactly(237108850688L, 270553174016L);
        assertThat(QemuImg.parseFree("Failed to mount nfs share")).isNull();
    }

    @Test
    void classifiesFailures() {
        assertThat(QemuImg.failure("x", "s", "qemu-img: Could not open 'nfs://127.0.0.1/a/b': Failed to mount nfs share: "
                + "mount_cb: RPC error: Mount failed with error MNT3ERR_ACCES(13) Permission denied(13)").code())
                .isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(QemuImg.failure("x", "s", "Failed to mount nfs share : nfs_service failed").getMessage())
                .isEqualTo("NFS server s does not answer: Failed to mount nfs share : nfs_service failed");
        assertThat(QemuImg.failure("x", "s", "RPC error. Program is not available on 127.0.0.1").code())
                .isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(QemuImg.failure("x", "s", "open call failed with \"NFS: Lookup of /n failed with NFS3ERR_NOENT(-2)\"")
                .code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(QemuImg.failure("x", "s", "write failed: NFS3ERR_NOSPC").code())
                .isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
        assertThat(QemuImg.failure("x", "s", "qemu-img: Unknown protocol 'nfs'").getMessage())
                .contains("install qemu-block-extra");
        assertThat(QemuImg.failure("x", "s", "open call failed with \"NFS: ACCESS denied. Required access r--\"")
                .getMessage()).contains("No_Root_Squash");
        assertThat(QemuImg.wrongFormat("qemu-img: Could not open 'nfs://h/r.raw': Image is not in qcow2 format"))
                .isTrue();
    }

    @Test
    void checkRefusesCorruptImagesOnly() {
        assertThat(QemuImg.refusal(0, "{}", "qcow2")).isNull();
        assertThat(QemuImg.refusal(3, "{\"leaks\": 2}", "qcow2")).isNull();
        assertThat(QemuImg.refusal(2, "{\"corruptions\": 3}", "qcow2"))
                .startsWith("the qcow2 image is corrupt or truncated: qemu-img check found 3 error(s)");
        assertThat(QemuImg.refusal(1, "qemu-img: Could not open 'x': Image is not in qcow2 format", "qcow2"))
                .isEqualTo("the file cannot be checked as a qcow2 image: Could not open 'x': Image is not in qcow2 format");
    }
}
