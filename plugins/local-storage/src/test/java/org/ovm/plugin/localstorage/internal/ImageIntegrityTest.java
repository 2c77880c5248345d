package org.ovm.plugin.localstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/** qemu-img check on uploaded and registered images (review F14): truncated qcow2 files are refused. */
class ImageIntegrityTest {

    @TempDir
    static Path dir;
    private static Path whole;
    private static Path truncated;

    private final ImageIntegrity integrity = new ImageIntegrity();

    /** A qcow2 with data in it, and the same cut short as the review's upload was (100 000 bytes). */
    @BeforeAll
    static void images() throws Exception {
        whole = dir.resolve("whole.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", whole.toString(), "64M");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x55 0 150k", whole.toString());
        byte[] bytes = Files.readAllBytes(whole);
        assertThat(bytes.length).isGreaterThan(100_000);
        truncated = dir.resolve("truncated.qcow2");
        Files.write(truncated, Arrays.copyOf(bytes, 100_000));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void acceptsAnIntactImage() {
        assertThatCode(() -> integrity.check(whole.toString(), "qcow2")).doesNotThrowAnyException();
    }

    @Test
    void refusesATruncatedQcow2() {
        assertThatThrownBy(() -> integrity.check(truncated.toString(), "qcow2"))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.getMessage()).startsWith("the qcow2 image is corrupt or truncated: qemu-img check "
                            + "found ").contains("error(s)").contains("upload or register a complete image");
                });
    }

    @Test
    void refusesAFileThatIsNotTheDeclaredFormat() throws IOException {
        Path text = Files.writeString(dir.resolve("text.qcow2"), "not an image at all");
        assertThatThrownBy(() -> integrity.check(text.toString(), "qcow2")).isInstanceOf(DriverException.class)
                .hasMessageStartingWith("the file cannot be checked as a qcow2 image");
    }

    @Test
    void skipsFormatsWithoutMetadataAndFilesThisMachineCannotRead() {
        assertThatCode(() -> integrity.check(truncated.toString(), "raw")).doesNotThrowAnyException();
        assertThatCode(() -> integrity.check(truncated.toString(), "iso")).doesNotThrowAnyException();
        assertThatCode(() -> integrity.check(dir.resolve("elsewhere.qcow2").toString(), "qcow2"))
                .doesNotThrowAnyException();
    }

    @Test
    void withoutQemuImgNothingIsChecked() {
        ImageIntegrity missing = new ImageIntegrity(dir.resolve("no-such-qemu-img").toString(), Duration.ofSeconds(5));
        assertThatCode(() -> missing.check(truncated.toString(), "qcow2")).doesNotThrowAnyException();
    }

    @Test
    void storedFilesAreCheckedOnlyWhereTheEngineSharesTheHostsFiles() throws Exception {
        assertThatThrownBy(() -> integrity.checkStored("qemu+tcp://127.0.0.1/system", truncated.toString(), "qcow2"))
                .hasMessageStartingWith("the qcow2 image is corrupt or truncated");
        assertThatCode(() -> integrity.checkStored("qemu+tcp://10.0.0.5/system", truncated.toString(), "qcow2"))
                .doesNotThrowAnyException();
        assertThatCode(() -> integrity.checkStored("qemu:///system", whole.toString(), "qcow2"))
                .doesNotThrowAnyException();
        // a registered qcow2 naming an external data file is refused before qemu-img opens it
        Path withDataFile = dir.resolve("data-file.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + dir.resolve("data.raw"),
                withDataFile.toString(), "1M");
        assertThatThrownBy(() -> integrity.checkStored("qemu:///system", withDataFile.toString(), "qcow2"))
                .hasMessageContaining("external data file");
    }

    @Test
    void readsQemuImgsVerdict() {
        assertThat(ImageIntegrity.refusal(0, "{}", "qcow2")).isNull();
        assertThat(ImageIntegrity.refusal(3, "{\"leaks\": 2}", "qcow2")).isNull();
        assertThat(ImageIntegrity.refusal(63, "qemu-img: This image format does not support checks", "vmdk")).isNull();
        assertThat(ImageIntegrity.refusal(2, "{\n    \"corruptions\": 4,\n}\nERROR refcount block 0 is outside image\n",
                "qcow2")).isEqualTo("the qcow2 image is corrupt or truncated: qemu-img check found 4 error(s) "
                        + "(ERROR refcount block 0 is outside image); upload or register a complete image");
        assertThat(ImageIntegrity.refusal(1, "qemu-img: Could not open 'x': Image is not in qcow2 format", "qcow2"))
                .isEqualTo("the file cannot be checked as a qcow2 image: Could not open 'x': Image is not in qcow2 "
                        + "format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system", "qemu+tcp://127.0.0.1/system", "qemu+tcp://localhost:16509/system",
        "qemu+ssh://root@127.0.0.1/system", "qemu+tcp://[::1]/system", "qemu+unix:///system", "test:///default"})
    void hostsOnThisMachine(String uri) {
        assertThat(ImageIntegrity.sameMachine(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu+tcp://10.0.0.5/system", "qemu+ssh://root@kvm1.example/system",
        "qemu+tcp://kvm_1:16509/system", "not a uri"})
    void hostsElsewhere(String uri) {
        assertThat(ImageIntegrity.sameMachine(uri)).isFalse();
    }
}
