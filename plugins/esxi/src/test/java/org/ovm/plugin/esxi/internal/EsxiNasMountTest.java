package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.HostStorage;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NfsShare;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * NFS pools as NAS datastores on a simulated ESXi host of this test ({@code ESXI_SIM} of {@code ./ovm backends up
 * esxi}, on port 52492): the simulator backs a mount of a loopback export by the export's directory, so a
 * temporary directory stands in for the NFS server's export here (EsxiNfsIT uses the real one). Mount, reuse,
 * discovery, a VM whose disk is an {@code nfs://} path, and unmount.
 */
class EsxiNasMountTest {

    private static final int PORT = 52492;
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();

    @TempDir
    static Path dir;

    private static Process sim;
    private static HostEndpoint host;
    private static EsxiHypervisorDriver driver;

    @BeforeAll
    static void startSimulator() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                tls.resolve("key.pem").toString(), "-out", tls.resolve("cert.pem").toString()).redirectErrorStream(true)
                .start();
        String out = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as(out).isTrue();
        Files.writeString(dir.resolve("password"), "nas-secret\n");
        Path log = dir.resolve("esxi-sim.log");
        sim = new ProcessBuilder(EsxiBackend.env("ESXI_SIM"), "-listen", "127.0.0.1:" + PORT, "-cert",
                tls.resolve("cert.pem").toString(), "-key", tls.resolve("key.pem").toString(), "-user", "root",
                "-password-file", dir.resolve("password").toString(), "-datastore", dir.resolve("ds").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || !Files.readString(log).contains("listening")) {
            assertThat(sim.isAlive()).as(Files.exists(log) ? Files.readString(log) : "").isTrue();
            assertThat(System.nanoTime()).as("the simulator starts").isLessThan(deadline);
            Thread.sleep(100);
        }
        host = new HostEndpoint("nas-1", "https://127.0.0.1:" + PORT + "/sdk", "root", "nas-secret",
                new java.util.HashMap<>(Map.of("insecure", "true")));
        driver = new EsxiHypervisorDriver();
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (sim != null) {
            sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static OperationContext ctx() {
        return new OperationContext("test-" + UUID.randomUUID(), Instant.now().plusSeconds(60), "test", EXECUTOR);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void aPoolDirectoryIsMountedCarriesAVmDiskAndIsUnmounted() throws Exception {
        Path export = Files.createDirectories(dir.resolve("export/pool1"));
        NfsShare share = new NfsShare("127.0.0.1", export.toString(), "pool1");
        assertThat(await(driver.mountNfs(ctx(), host, share))).isEqualTo("ovm-pool1");
        assertThat(await(driver.mountNfs(ctx(), host, share))).as("mounted already: the same").isEqualTo("ovm-pool1");
        assertThat(await(driver.hostStorage(ctx(), host))).extracting(HostStorage::name).containsExactly("LocalDS_0");

        // a disk the engine wrote on the export (a descriptor and its flat extent), by its nfs:// path
        try (RandomAccessFile flat = new RandomAccessFile(export.resolve("web-disk0-flat.vmdk").toFile(), "rw")) {
            flat.setLength(1 << 20);
        }
        Files.writeString(export.resolve("web-disk0.vmdk"), "# Disk DescriptorFile\nversion=1\nCID=fffffffe\n"
                + "parentCID=ffffffff\ncreateType=\"vmfs\"\n\nRW 2048 VMFS \"web-disk0-flat.vmdk\"\n");
        VmSpec spec = new VmSpec("nas-web", 1, 64, List.of(new DiskSpec("nfs://127.0.0.1" + export
                + "/web-disk0.vmdk", "vmdk", "scsi", false)), List.of(), Map.of());
        InstanceInfo vm = await(driver.define(ctx(), host, spec));
        assertThat(await(driver.start(ctx(), host, vm.backendId())).state()).isEqualTo(PowerState.RUNNING);
        assertThat(await(driver.findInstance(ctx(), host, vm.backendId())).orElseThrow().details().get("disks"))
                .startsWith("[ovm-pool1] web-disk0.vmdk");
        assertThat(Files.isDirectory(export.resolve("nas-web"))).as("the VM's folder is on the export").isTrue();

        assertThatThrownBy(() -> await(driver.unmountNfs(ctx(), host, share))).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DriverException.class).hasMessageContaining("nas-web")
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        await(driver.undefine(ctx(), host, vm.backendId()));
        await(driver.unmountNfs(ctx(), host, share));
        await(driver.unmountNfs(ctx(), host, share)); // idempotent
        assertThat(Files.exists(export.resolve("web-disk0.vmdk"))).as("the volume stays on the export").isTrue();
        assertThatThrownBy(() -> await(driver.define(ctx(), host, new VmSpec("nas-db", 1, 64, spec.disks(), List.of(),
                Map.of())))).cause().hasMessageContaining("the host has no NAS datastore of the NFS export");
    }

    @Test
    void anExistingMountOfTheExportIsReusedAndKept() throws Exception {
        Path export = Files.createDirectories(dir.resolve("export/pool2"));
        NfsShare theirs = new NfsShare("127.0.0.1", export.toString(), "admins-own");
        assertThat(await(driver.mountNfs(ctx(), host, theirs))).isEqualTo("ovm-admins-own");
        NfsShare ours = new NfsShare("127.0.0.1", export.toString(), "pool2");
        assertThat(await(driver.mountNfs(ctx(), host, ours))).isEqualTo("ovm-admins-own");
        await(driver.unmountNfs(ctx(), host, ours));
        assertThat(await(driver.mountNfs(ctx(), host, ours))).as("not ours: still mounted").isEqualTo("ovm-admins-own");
        await(driver.unmountNfs(ctx(), host, theirs));
    }

    @Test
    void aServerTheHostCannotReachFailsWithWhatToCheck() {
        assertThatThrownBy(() -> await(driver.mountNfs(ctx(), host, new NfsShare("192.0.2.7", "/export/p3", "p3"))))
                .cause().isInstanceOf(DriverException.class).hasMessageContaining("could not mount nfs://192.0.2.7/export/p3")
                .hasMessageContaining("Unable to connect to NFS server").hasMessageContaining("no_root_squash");
    }
}
