package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.testkit.ContractSupport;

/**
 * The NFS driver against the real NFS server of {@code ./ovm backends up} ({@code NFS_URI}): capacity is the
 * export's, files belong to QEMU's user, linked clones name their backing file by its plain URL, copies are
 * identical, uploads are checked, and an unreachable or silent server fails in time with a reason.
 */
class NfsStorageIT extends ContractSupport {

    private static final long MIB = 1024L * 1024;

    private final NfsStorageDriver driver = new NfsStorageDriver();
    private final String prefix = "i16-nfs-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final List<String> created = new CopyOnWriteArrayList<>();
    private PoolSpec pool;
    private HostEndpoint host;
    private Path scratch;

    @BeforeEach
    void attach() throws Exception {
        pool = NfsBackend.pool("i16-nfs-it");
        host = NfsBackend.host();
        scratch = Files.createTempDirectory("i16-nfs-it");
        await(driver.attachPool(ctx(), pool, host));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String name : created) {
            await(driver.deleteVolume(ctx(), pool, host, name));
        }
        try (var files = Files.list(scratch)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(scratch);
    }

    private String name(String suffix) {
        String name = prefix + suffix;
        created.add(name);
        return name;
    }

    private String url(String name) {
        return pool.uri() + "/" + name;
    }

    /** ESXi's vmdk volumes: a descriptor and its flat extent, grown, copied and removed together. */
    @Test
    void vmdkVolumesAreAnEsxiDescriptorAndAFlatExtent() throws Exception {
        String name = name("d.vmdk");
        VolumeInfo info = await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty(name, 8 * MIB + 1, "vmdk")));
        assertThat(info.format()).isEqualTo("vmdk");
        assertThat(info.path()).isEqualTo(url(name));
        assertThat(info.sizeBytes()).isEqualTo(8 * MIB + 512);
        String listing = NfsBackend.run("nfs-ls", pool.uri());
        assertThat(listing).contains(name, prefix + "d-flat.vmdk");

        VolumeInfo grown = await(driver.resizeVolume(ctx(), pool, host, name, 16 * MIB));
        assertThat(grown.sizeBytes()).isEqualTo(16 * MIB);
        assertThat(await(driver.inspectVolume(ctx(), pool, host, name)).sizeBytes()).isEqualTo(16 * MIB);

        String copy = name("c.vmdk");
        String source = await(driver.readUrl(ctx(), pool, host, name)).orElseThrow();
        VolumeInfo copied = await(driver.copyIn(ctx(), pool, host, new VolumeSpec(copy, 16 * MIB, "vmdk", null, null,
                false), source, "vmdk", null));
        assertThat(copied.sizeBytes()).isEqualTo(16 * MIB);
        String qcow2 = name("q.qcow2");
        assertThat(await(driver.copyIn(ctx(), pool, host, new VolumeSpec(qcow2, 16 * MIB, "qcow2", null, null, false),
                source, "vmdk", null)).sizeBytes()).isEqualTo(16 * MIB);

        Throwable badName = catchThrowable(() -> await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty(
                name("d.vmdk-copy"), MIB, "vmdk"))));
        assertThat(badName).hasMessageContaining("a vmdk volume's name ends in .vmdk");

        await(driver.deleteVolume(ctx(), pool, host, name));
        assertThat(NfsBackend.run("nfs-ls", pool.uri())).doesNotContain(prefix + "d.vmdk", prefix + "d-flat.vmdk");
    }

    @Test
    void capacityIsTheExportsFsstat() throws Exception {
        PoolCapacity probed = await(driver.probe(ctx(), pool));
        long[] listed = QemuImg.parseFree(NfsBackend.run("nfs-ls", "-s", pool.uri()));
        assertThat(probed.totalBytes()).isEqualTo(listed[1]);
        assertThat(Math.abs(probed.availableBytes() - listed[0])).isLessThan(1024 * MIB);
        assertThat(await(driver.capacity(ctx(), pool, host)).totalBytes()).isEqualTo(listed[1]);
    }

    @Test
    void volumesBelongToQemusUserAndArePlainUrls() throws Exception {
        String qcow2 = name("empty.qcow2");
        String raw = name("empty.raw");
        VolumeInfo volume = await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty(qcow2, 64 * MIB, "qcow2")));
        VolumeInfo rawVolume = await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty(raw, 32 * MIB, "raw")));
        assertThat(volume.path()).isEqualTo(url(qcow2)).doesNotContain("?");
        assertThat(volume.format()).isEqualTo("qcow2");
        assertThat(rawVolume.format()).isEqualTo("raw");
        assertThat(rawVolume.sizeBytes()).isEqualTo(32 * MIB);
        String listing = NfsBackend.run("nfs-ls", pool.uri());
        assertThat(listing).containsPattern("64055\\s+107\\s+\\d+\\s+" + qcow2)
                .containsPattern("64055\\s+107\\s+\\d+\\s+" + raw);
        assertThat(await(driver.inspectVolume(ctx(), pool, host, raw)).format()).isEqualTo("raw");
        await(driver.deleteVolume(ctx(), pool, host, qcow2));
        assertThat(NfsBackend.run("nfs-ls", pool.uri())).doesNotContain(qcow2);
        await(driver.deleteVolume(ctx(), pool, host, qcow2));
    }

    @Test
    void linkedClonesNameThePlainUrlAndFullClonesAreIdentical() throws Exception {
        Path local = scratch.resolve("template.qcow2");
        NfsBackend.run("qemu-img", "create", "-q", "-f", "qcow2", local.toString(), "64M");
        NfsBackend.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 0 4M", local.toString());
        String template = name("template.qcow2");
        VolumeInfo uploaded;
        try (InputStream in = Files.newInputStream(local)) {
            uploaded = await(driver.uploadVolume(ctx(), pool, host, template, "qcow2", Files.size(local), in));
        }
        assertThat(uploaded.sizeBytes()).isEqualTo(64 * MIB);

        VolumeInfo linked = await(driver.createVolume(ctx(), pool, host, new VolumeSpec(name("linked.qcow2"),
                128 * MIB, "qcow2", uploaded.path(), "qcow2", true)));
        assertThat(linked.backingPath()).isEqualTo(uploaded.path());
        assertThat(linked.sizeBytes()).isEqualTo(128 * MIB);
        assertThat(NfsBackend.run("qemu-img", "info", "-f", "qcow2", "--output=json", linked.path()))
                .contains("\"backing-filename\": \"" + uploaded.path() + "\"").doesNotContain("uid=");
        NfsBackend.run("qemu-io", "-f", "qcow2", "-r", "-c", "read -P 0xab 0 4M", linked.path());

        VolumeInfo full = await(driver.createVolume(ctx(), pool, host, new VolumeSpec(name("full.qcow2"), 64 * MIB,
                "qcow2", uploaded.path(), "qcow2", false)));
        assertThat(full.backingPath()).isNull();
        assertThat(NfsBackend.run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", uploaded.path(), full.path()))
                .contains("Images are identical");

        VolumeInfo fromFile = await(driver.createVolume(ctx(), pool, host, new VolumeSpec(name("from-file.raw"),
                64 * MIB, "raw", local.toString(), "qcow2", true)));
        assertThat(fromFile.backingPath()).isNull();
        assertThat(NfsBackend.run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", local.toString(),
                fromFile.path())).contains("Images are identical");
    }

    @Test
    void aTemplateTheEngineCannotReadIsUnsupportedAndLeavesNothing() throws Exception {
        String name = name("unreadable.qcow2");
        Throwable failure = catchThrowable(() -> await(driver.createVolume(ctx(), pool, host, new VolumeSpec(name,
                64 * MIB, "qcow2", "/var/lib/libvirt/images/elsewhere-i16.qcow2", "qcow2", false))));
        assertThat(codeOf(failure)).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure.getCause().getMessage()).contains("upload the image to pool nfs-it");
        assertThat(NfsBackend.run("nfs-ls", pool.uri())).doesNotContain(name);
    }

    @Test
    void copyInReportsProgressAndMakesAnIdenticalFlatCopy() throws Exception {
        Path local = scratch.resolve("source.qcow2");
        NfsBackend.run("qemu-img", "create", "-q", "-f", "qcow2", local.toString(), "32M");
        NfsBackend.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 8M", local.toString());
        List<Integer> percents = new CopyOnWriteArrayList<>();
        String name = name("copy.qcow2");
        VolumeInfo copy = await(driver.copyIn(ctx(), pool, host, VolumeSpec.empty(name, 32 * MIB, "qcow2"),
                local.toUri().toString(), "qcow2", (percent, message) -> percents.add(percent)));
        assertThat(percents).isNotEmpty().endsWith(100).isSorted();
        assertThat(copy.path()).isEqualTo(url(name));
        assertThat(NfsBackend.run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", local.toString(), copy.path()))
                .contains("Images are identical");
        Optional<String> readable = await(driver.readUrl(ctx(), pool, host, name));
        assertThat(readable).contains(url(name));

        VolumeInfo again = await(driver.copyIn(ctx(), pool, host, VolumeSpec.empty(name("copy2.raw"), 32 * MIB, "raw"),
                readable.orElseThrow(), "qcow2", null));
        assertThat(again.format()).isEqualTo("raw");
        assertThat(NfsBackend.run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", local.toString(), again.path()))
                .contains("Images are identical");
        Throwable taken = catchThrowable(() -> await(driver.copyIn(ctx(), pool, host, VolumeSpec.empty(name, 32 * MIB,
                "qcow2"), local.toString(), "qcow2", null)));
        assertThat(codeOf(taken)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(catchThrowable(() -> await(driver.readUrl(ctx(), pool, host, prefix + "nothing")))))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void uploadsAreCheckedAndLeaveNothingOnFailure() throws Exception {
        Path base = scratch.resolve("base.qcow2");
        Path child = scratch.resolve("child.qcow2");
        NfsBackend.run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "16M");
        NfsBackend.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(),
                child.toString());
        String name = name("refused.qcow2");
        byte[] bytes = Files.readAllBytes(child);
        Throwable backing = catchThrowable(() -> await(driver.uploadVolume(ctx(), pool, host, name, "qcow2",
                bytes.length, new ByteArrayInputStream(bytes))));
        assertThat(codeOf(backing)).isEqualTo(ErrorCode.INVALID);
        assertThat(backing.getCause().getMessage()).contains("names a backing file");

        byte[] good = Files.readAllBytes(base);
        Throwable shortBody = catchThrowable(() -> await(driver.uploadVolume(ctx(), pool, host, name, "qcow2",
                good.length + 10, new ByteArrayInputStream(good))));
        assertThat(codeOf(shortBody)).isEqualTo(ErrorCode.INVALID);
        assertThat(shortBody.getCause().getMessage()).isEqualTo("the upload ended after " + good.length + " of "
                + (good.length + 10) + " bytes");
        assertThat(NfsBackend.run("nfs-ls", pool.uri())).doesNotContain(name);

        byte[] iso = new byte[64 * 1024];
        System.arraycopy("CD001".getBytes(), 0, iso, 32 * 1024 + 1, 5);
        VolumeInfo cd = await(driver.uploadVolume(ctx(), pool, host, name("disc.iso"), "iso", iso.length,
                new ByteArrayInputStream(iso)));
        assertThat(cd.format()).isEqualTo("iso");
        assertThat(cd.sizeBytes()).isEqualTo(iso.length);
    }

    @Test
    void anExportTheServerDoesNotHaveIsUnreachableWithAReason() {
        PoolSpec missing = new PoolSpec("i16-nfs-missing", "missing", "nfs://127.0.0.1/i16-nfs-no-such-export",
                Map.of());
        Throwable failure = catchThrowable(() -> await(driver.probe(ctx(), missing)));
        assertThat(codeOf(failure)).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(failure.getCause().getMessage()).startsWith("NFS server 127.0.0.1 does not export this directory");
        assertThat(codeOf(catchThrowable(() -> await(driver.attachPool(ctx(), missing, host)))))
                .isEqualTo(ErrorCode.UNREACHABLE);
    }

    @Test
    void attachMakesThePoolDirectoryUnderAnExportedOne() throws Exception {
        String leaf = prefix + "dir";
        PoolSpec fresh = new PoolSpec("i16-nfs-fresh", "fresh", pool.uri() + "/" + leaf, Map.of());
        try {
            assertThat(await(driver.attachPool(ctx(), fresh, host)).totalBytes()).isPositive();
            assertThat(NfsBackend.run("nfs-ls", pool.uri())).contains(leaf);
            String name = "v.qcow2";
            await(driver.createVolume(ctx(), fresh, host, VolumeSpec.empty(name, MIB, "qcow2")));
            await(driver.deleteVolume(ctx(), fresh, host, name));
            assertThat(await(driver.attachPool(ctx(), fresh, host)).totalBytes()).isPositive(); // idempotent
        } finally {
            String export = System.getenv("NFS_EXPORT");
            if (export != null && export.startsWith("127.0.0.1:")) {
                Files.deleteIfExists(Path.of(export.substring("127.0.0.1:".length()), NfsBackend.DIRECTORY, leaf));
            }
        }
    }

    /** A directory QEMU's user cannot write to (root's, mode 0755) is refused at attach, saying what to change. */
    @Test
    void aPoolDirectoryQemuCannotWriteIsRefusedAtAttach() throws Exception {
        String export = System.getenv("NFS_EXPORT");
        assertThat(export).as("NFS_EXPORT of ./ovm backends env (the export of this machine)").startsWith("127.0.0.1:");
        Path directory = Path.of(export.substring("127.0.0.1:".length()), NfsBackend.DIRECTORY, prefix + "root");
        Files.createDirectory(directory);
        try {
            PoolSpec rootOnly = new PoolSpec("i16-nfs-root", "root-only", pool.uri() + "/" + prefix + "root", Map.of());
            Throwable failure = catchThrowable(() -> await(driver.attachPool(ctx(), rootOnly, host)));
            assertThat(codeOf(failure)).isEqualTo(ErrorCode.BACKEND_FAILURE);
            assertThat(failure.getCause().getMessage()).isEqualTo("user 64055 (pool setting nfsUid, the user QEMU runs "
                    + "as) cannot create files in " + rootOnly.uri() + ": on the server, chown 64055:107 "
                    + directory + " (or chmod 1777 it)");
            try (var left = Files.list(directory)) {
                assertThat(left).isEmpty();
            }
        } finally {
            Files.delete(directory);
        }
    }

    /**
     * A server that accepts nothing (packets to 127.0.0.9 dropped by a firewall rule of this test): the probe
     * fails UNREACHABLE and a delete TIMEOUT, both by the deadline, and no process is left behind.
     */
    @Test
    void aSilentServerFailsByTheDeadline() throws Exception {
        List<String> rule = List.of("OUTPUT", "-d", "127.0.0.9/32", "-p", "tcp", "-m", "comment", "--comment",
                "i16-nfs-silent", "-j", "DROP");
        NfsBackend.run(concat("iptables", "-I", rule));
        var executor = Executors.newFixedThreadPool(2);
        try {
            PoolSpec silent = new PoolSpec("i16-nfs-silent", "silent", "nfs://127.0.0.9/export", Map.of());
            OperationContext shortCtx = new OperationContext("i16-nfs-silent", Instant.now().plusSeconds(3), "it",
                    executor);
            long start = System.nanoTime();
            Throwable probe = catchThrowable(() -> await(driver.probe(shortCtx, silent)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(codeOf(probe)).isEqualTo(ErrorCode.UNREACHABLE);
            assertThat(probe.getCause().getMessage()).startsWith("NFS server 127.0.0.9 does not answer");

            OperationContext deleteCtx = new OperationContext("i16-nfs-silent", Instant.now().plusSeconds(3), "it",
                    executor);
            start = System.nanoTime();
            Throwable delete = catchThrowable(() -> await(driver.deleteVolume(deleteCtx, silent, host, "v.qcow2")));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(codeOf(delete)).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(ProcessHandle.current().children().count()).isZero();
        } finally {
            executor.shutdownNow();
            NfsBackend.run(concat("iptables", "-D", rule));
        }
    }

    private static String[] concat(String command, String verb, List<String> rest) {
        String[] all = new String[rest.size() + 2];
        all[0] = command;
        all[1] = verb;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 2] = rest.get(i);
        }
        return all;
    }
}
