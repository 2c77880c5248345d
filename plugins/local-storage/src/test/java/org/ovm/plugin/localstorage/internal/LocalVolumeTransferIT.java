package org.ovm.plugin.localstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/**
 * Volumes copied between two local pools of this machine's libvirtd (and from the shared NFS server)
 * with {@code qemu-img convert}: identical copies, progress, conflicts, nothing left after a failure,
 * and a clear refusal for a pool on a remote host. Needs {@code ./ovm backends up} (KVM_URI, NFS_URI).
 */
class LocalVolumeTransferIT {

    private static final long MIB = 1024 * 1024;
    private static final Path WORK = Path.of("/var/lib/ovm-it/i16-kvm");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final LocalStorageDriver driver = new LocalStorageDriver();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final HostEndpoint host = new HostEndpoint("local-host", env("KVM_URI"), null, null, Map.of());
    private final PoolSpec a = new PoolSpec(UUID.randomUUID().toString(), "a", "file:///var/lib/ovm-it/pools/i16-kvm-a-"
            + id, Map.of());
    private final PoolSpec b = new PoolSpec(UUID.randomUUID().toString(), "b", "file:///var/lib/ovm-it/pools/i16-kvm-b-"
            + id, Map.of());
    private final List<Path> scratch = new ArrayList<>();

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the real backends with './ovm backends up' "
                    + "and export the lines of './ovm backends env' (./ovm test does both)");
        }
        return value;
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (PoolSpec pool : List.of(a, b)) {
                try {
                    for (String name : List.of("src.qcow2", "copy.raw", "bad.qcow2", "fromnfs.qcow2")) {
                        await(driver.deleteVolume(ctx(), pool, host, name));
                    }
                } catch (CompletionException e) {
                    // a pool this test did not attach
                }
                await(driver.detachPool(ctx(), pool, host));
            }
        } finally {
            for (Path path : scratch) {
                Files.deleteIfExists(path);
            }
            driver.close();
            executor.shutdownNow();
        }
    }

    @Test
    void aVolumeIsCopiedIntoAnotherPoolAsAnIdenticalImage() throws Exception {
        await(driver.attachPool(ctx(), a, host));
        await(driver.attachPool(ctx(), b, host));
        Path raw = randomRaw(8 * MIB);
        List<Integer> percents = new ArrayList<>();
        VolumeInfo src = await(driver.copyIn(ctx(), a, host, VolumeSpec.empty("src.qcow2", 8 * MIB, "qcow2"),
                raw.toUri().toString(), "raw", (percent, message) -> percents.add(percent)));
        assertThat(src.format()).isEqualTo("qcow2");
        assertThat(src.sizeBytes()).isEqualTo(8 * MIB);
        assertThat(percents).isNotEmpty().last().isEqualTo(100);

        Optional<String> url = await(driver.readUrl(ctx(), a, host, "src.qcow2"));
        assertThat(url).contains("file://" + src.path());
        VolumeInfo copy = await(driver.copyIn(ctx(), b, host, VolumeSpec.empty("copy.raw", src.sizeBytes(), "raw"),
                url.orElseThrow(), "qcow2", (percent, message) -> {
                }));
        assertThat(copy.path()).startsWith("/var/lib/ovm-it/pools/i16-kvm-b-" + id);
        assertThat(copy.format()).isEqualTo("raw");
        assertThat(qemuImg("compare", "-f", "raw", "-F", "raw", raw.toString(), copy.path()))
                .contains("Images are identical");

        Throwable again = Assertions.catchThrowable(() -> await(driver.copyIn(ctx(), b, host,
                VolumeSpec.empty("copy.raw", 8 * MIB, "raw"), url.orElseThrow(), "qcow2", (p, m) -> {
                })));
        assertThat(code(again)).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void aFailedCopyLeavesNothingAndAnNfsSourceIsRead() throws Exception {
        await(driver.attachPool(ctx(), b, host));
        Throwable failure = Assertions.catchThrowable(() -> await(driver.copyIn(ctx(), b, host,
                VolumeSpec.empty("bad.qcow2", 8 * MIB, "qcow2"), "file:///var/lib/ovm-it/i16-kvm/missing-" + id,
                "qcow2", (p, m) -> {
                })));
        assertThat(code(failure)).isEqualTo(ErrorCode.BACKEND_FAILURE);
        assertThat(failure.getCause().getMessage()).contains("missing-" + id);
        assertThat(Path.of("/var/lib/ovm-it/pools/i16-kvm-b-" + id, "bad.qcow2")).doesNotExist();
        assertThat(code(Assertions.catchThrowable(() -> await(driver.readUrl(ctx(), b, host, "bad.qcow2")))))
                .isEqualTo(ErrorCode.NOT_FOUND);

        // a qcow2 on the shared NFS server, as the NFS driver's readUrl gives it
        String export = env("NFS_EXPORT");
        Path dir = Path.of(export.substring(export.indexOf(':') + 1), "i16-kvm");
        Files.createDirectories(dir);
        Path local = dir.resolve("transfer-" + id + ".qcow2");
        scratch.add(local);
        Path raw = randomRaw(4 * MIB);
        qemuImg("convert", "-f", "raw", "-O", "qcow2", raw.toString(), local.toString());
        String nfs = env("NFS_URI") + "/i16-kvm/transfer-" + id + ".qcow2";
        VolumeInfo copy = await(driver.copyIn(ctx(), b, host, VolumeSpec.empty("fromnfs.qcow2", 4 * MIB, "qcow2"), nfs,
                "qcow2", (p, m) -> {
                }));
        assertThat(qemuImg("compare", "-f", "qcow2", "-F", "raw", copy.path(), raw.toString()))
                .contains("Images are identical");
    }

    @Test
    void aPoolOnARemoteHostIsNotCopiedInto() {
        HostEndpoint remote = new HostEndpoint("remote", "qemu+ssh://root@kvm7.example/system", null, null, Map.of());
        Throwable failure = Assertions.catchThrowable(() -> await(driver.copyIn(ctx(), a, remote,
                VolumeSpec.empty("x.qcow2", MIB, "qcow2"), "file:///tmp/x.qcow2", "qcow2", (p, m) -> {
                })));
        assertThat(code(failure)).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure.getCause().getMessage()).contains("kvm7.example").contains("does not share");
    }

    private Path randomRaw(long size) throws Exception {
        Files.createDirectories(WORK);
        Path raw = WORK.resolve("transfer-" + id + "-" + size + ".raw");
        byte[] data = new byte[(int) size];
        new Random(size).nextBytes(data);
        Files.write(raw, data);
        scratch.add(raw);
        return raw;
    }

    private static ErrorCode code(Throwable failure) {
        Throwable cause = failure instanceof CompletionException || failure instanceof ExecutionException
                ? failure.getCause() : failure;
        return cause instanceof DriverException d ? d.code() : null;
    }

    private static String qemuImg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private OperationContext ctx() {
        return new OperationContext("it-" + UUID.randomUUID(), Instant.now().plus(Duration.ofMinutes(2)), "it",
                executor);
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(150, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
