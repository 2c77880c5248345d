package org.ovm.plugin.localstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

class ImageCopyTest {

    @Test
    void readsFileAndNfsUrlsOnly() {
        assertThat(ImageCopy.source("file:///var/lib/ovm/pools/a/v1.qcow2")).isEqualTo("/var/lib/ovm/pools/a/v1.qcow2");
        assertThat(ImageCopy.source("file:///var/lib/a%20b/v.qcow2")).isEqualTo("/var/lib/a b/v.qcow2");
        assertThat(ImageCopy.source("nfs://10.0.0.5/srv/v.qcow2")).isEqualTo("nfs://10.0.0.5/srv/v.qcow2");
        assertThatThrownBy(() -> ImageCopy.source("http://example.com/v.qcow2"))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        assertThatThrownBy(() -> ImageCopy.source("/var/lib/v.qcow2")).isInstanceOf(DriverException.class);
    }

    @Test
    void readsQemuImgsProgress() {
        assertThat(ImageCopy.percent("    (0.00/100%)\r    (42.17/100%)\r")).isEqualTo(42);
        assertThat(ImageCopy.percent("no progress here")).isEqualTo(-1);
    }

    @Test
    void aFailedCopyLeavesNoFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("t.qcow2");
        Files.writeString(target, "partial");
        List<Integer> percents = new ArrayList<>();
        // "false" exits 1 whatever its arguments: a qemu-img that failed after writing part of the target
        assertThatThrownBy(() -> new ImageCopy("false").copy("/nowhere", "qcow2", target, "qcow2",
                Instant.now().plusSeconds(30), (p, m) -> percents.add(p), Runnable::run))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
        assertThat(target).doesNotExist();
    }

    @Test
    void aCopyPastTheDeadlineIsKilledAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("t.qcow2");
        Files.writeString(target, "partial");
        // a deadline already passed: the process is killed (or found failed) and its target removed
        assertThatThrownBy(() -> new ImageCopy("sleep").copy("/nowhere", "qcow2", target, "qcow2",
                Instant.now().minusSeconds(1), (p, m) -> {
                }, r -> new Thread(r).start()))
                .isInstanceOf(DriverException.class);
        assertThat(target).doesNotExist();
    }
}
