package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.TerminalSupport;

/**
 * Shared storage with real QEMU guests (TCG, 128 MiB): a guest boots from a disk on the NFS server
 * (QEMU's own NFS client), its disk moves local -> NFS -> local while it keeps printing, and it
 * migrates live between the two libvirtds and back. Needs {@code ./ovm backends up} (KVM_URI,
 * KVM_URI_2, NFS_URI). Guests are named {@code i16-kvm-it-*} and removed afterwards.
 */
class KvmSharedStorageIT {

    private static final Duration CALL = Duration.ofMinutes(3);
    /** Files the guests use: readable by both libvirtds (host2 has a private /var/lib/libvirt, not this). */
    private static final Path WORK = Path.of("/var/lib/ovm-it/i16-kvm");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final KvmHypervisorDriver driver = new KvmHypervisorDriver();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final TickingGuest ticking = new TickingGuest(driver, this::ctx, "i16-kvm-it-" + id,
            WORK.resolve(id + "-serial.log"));
    private final HostEndpoint host1 = new HostEndpoint("host1", env("KVM_URI"), null, null,
            Map.of("domainType", "qemu"));
    private final HostEndpoint host2 = new HostEndpoint("host2", env("KVM_URI_2"), null, null,
            Map.of("domainType", "qemu"));
    private final String nfsDir = env("NFS_URI") + "/i16-kvm";
    /** Backups on NFS go to this directory, made through NFS ({@link NfsFiles}). */
    private static final String BACKUP_DIR = "i16-kbak";
    private String backendId;

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
            if (backendId != null) {
                for (HostEndpoint host : List.of(host1, host2)) {
                    await(driver.undefine(ctx(), host, backendId));
                }
            }
        } finally {
            driver.close();
            executor.shutdownNow();
            for (String name : List.of("local", "nfs", "back", "boot", "backup")) {
                Files.deleteIfExists(WORK.resolve(id + "-" + name + ".qcow2"));
            }
            Files.deleteIfExists(WORK.resolve(id + "-serial.log"));
            Files.deleteIfExists(WORK.resolve(id + "-backup.raw"));
            deleteNfs(id + "-nfs.qcow2");
            deleteNfs(id + "-boot.qcow2");
            deleteNfs(id + "-root.qcow2");
            for (String name : List.of("-backup.qcow2", "-root-backup.qcow2")) {
                NfsFiles.delete(env("NFS_EXPORT"), BACKUP_DIR + "/" + id + name);
            }
        }
    }

    @Test
    void aRunningGuestsDiskMovesToNfsAndBackWhileItKeepsRunning() throws Exception {
        String local = WORK.resolve(id + "-local.qcow2").toString();
        qemuImg("create", "-q", "-f", "qcow2", local, "64M");
        InstanceInfo guest = bootTicking(local);
        String nfs = createNfs(id + "-nfs.qcow2");
        AtomicInteger lastPercent = new AtomicInteger(-1);
        Progress progress = (percent, message) -> lastPercent.set(percent);

        // a destination QEMU cannot open (root's 0600 file on NFS): refused, the guest stays where it was
        String foreign = nfsDir + "/" + id + "-root.qcow2";
        qemuImg("create", "-q", "-f", "qcow2", foreign, "64M");
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> await(driver.copyDisk(ctx(), host1,
                guest.backendId(), local, new DiskSpec(foreign, "qcow2", null, false), Progress.NONE)));
        assertThat(refused).hasCauseInstanceOf(org.ovm.spi.common.DriverException.class);
        assertThat(refused.getCause().getMessage()).contains("ACCESS denied");
        assertThat(await(driver.findInstance(ctx(), host1, guest.backendId())).orElseThrow().details().get("disks"))
                .isEqualTo("vda=" + local);

        int before = ticking.ticks();
        InstanceInfo onNfs = await(driver.copyDisk(ctx(), host1, guest.backendId(), local,
                new DiskSpec(nfs, "qcow2", null, false), progress));
        assertThat(onNfs.state()).isEqualTo(PowerState.RUNNING);
        assertThat(onNfs.details().get("disks")).isEqualTo("vda=" + nfs);
        assertThat(lastPercent.get()).isEqualTo(100);
        assertThat(persistentXml(host1, backendId)).as("the definition names the new volume").contains(nfsName(nfs))
                .doesNotContain(local);
        ticking.waitForMoreTicks(before);
        assertThat(qemuImgInfo(nfs)).contains("\"format\": \"qcow2\"").doesNotContain("backing-filename");

        String back = WORK.resolve(id + "-back.qcow2").toString();
        qemuImg("create", "-q", "-f", "qcow2", back, "64M");
        before = ticking.ticks();
        InstanceInfo onLocal = await(driver.copyDisk(ctx(), host1, guest.backendId(), nfs,
                new DiskSpec(back, "qcow2", null, false), Progress.NONE));
        assertThat(onLocal.details().get("disks")).isEqualTo("vda=" + back);
        assertThat(persistentXml(host1, backendId)).contains(back).doesNotContain(nfsName(nfs));
        ticking.waitForMoreTicks(before);
        // the guest reads what it wrote before both moves
        assertThat(ticking.serial()).contains("OVM-IT-MARK");
    }

    @Test
    void aRunningGuestsDiskIsBackedUpToNfsAndToALocalFileWhileItKeepsRunningOnIt() throws Exception {
        String local = WORK.resolve(id + "-local.qcow2").toString();
        qemuImg("create", "-q", "-f", "qcow2", local, "64M");
        InstanceInfo guest = bootTicking(local);
        // a pattern the ticks never overwrite (they write 1..5 MiB): 1 MiB of "OVM-IT-PATTERN\n" at 8 MiB
        TerminalSupport.Session console = await(driver.openSerialConsole(ctx(), host1, guest.backendId(), bytes -> {
        }));
        try {
            console.write(("yes OVM-IT-PATTERN | head -c 1048576 | dd of=/dev/vda bs=64k seek=128 conv=fsync "
                    + "2>/dev/null && echo OVM-IT-PATTERN-$((6*7))-WRITTEN\r").getBytes(StandardCharsets.US_ASCII));
            ticking.waitFor("OVM-IT-PATTERN-42-WRITTEN", Duration.ofSeconds(30));
        } finally {
            console.close();
        }
        String definition = persistentXml(host1, backendId);
        NfsFiles.mkdir(env("NFS_EXPORT"), BACKUP_DIR);
        String nfsBackups = env("NFS_URI") + "/" + BACKUP_DIR;

        // a destination QEMU cannot open (root's 0600 file on NFS): fails, the guest is unaffected
        String foreign = nfsBackups + "/" + id + "-root-backup.qcow2";
        qemuImg("create", "-q", "-f", "qcow2", foreign, "64M");
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> await(driver.backupDisk(ctx(), host1,
                guest.backendId(), local, new DiskSpec(foreign, "qcow2", null, false), Progress.NONE)));
        assertThat(refused).hasCauseInstanceOf(org.ovm.spi.common.DriverException.class);
        // a disk the guest does not have
        Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> await(driver.backupDisk(ctx(), host1,
                guest.backendId(), "/nowhere.qcow2", new DiskSpec(foreign, "qcow2", null, false), Progress.NONE)));
        assertThat(((org.ovm.spi.common.DriverException) missing.getCause()).code())
                .isEqualTo(org.ovm.spi.common.ErrorCode.NOT_FOUND);

        String onNfs = nfsBackups + "/" + id + "-backup.qcow2";
        qemuImg("create", "-q", "-f", "qcow2", onNfs + "?uid=64055&gid=107", "64M");
        AtomicInteger lastPercent = new AtomicInteger(-1);
        int before = ticking.ticks();
        String consistency = await(driver.backupDisk(ctx(), host1, guest.backendId(), local,
                new DiskSpec(onNfs, "qcow2", null, false), (percent, message) -> lastPercent.set(percent)));
        assertThat(consistency).as("the tiny guest has no agent").isEqualTo(DiskBackupSupport.CRASH);
        assertThat(lastPercent.get()).isEqualTo(100);
        ticking.waitForMoreTicks(before);

        String onLocal = WORK.resolve(id + "-backup.qcow2").toString().replace(".qcow2", ".raw");
        qemuImg("create", "-q", "-f", "raw", onLocal, "64M");
        before = ticking.ticks();
        assertThat(await(driver.backupDisk(ctx(), host1, guest.backendId(), local,
                new DiskSpec(onLocal, "raw", null, false), Progress.NONE))).isEqualTo(DiskBackupSupport.CRASH);
        ticking.waitForMoreTicks(before);

        InstanceInfo after = await(driver.findInstance(ctx(), host1, guest.backendId())).orElseThrow();
        assertThat(after.state()).isEqualTo(PowerState.RUNNING);
        assertThat(after.details().get("disks")).as("still on its own disk").isEqualTo("vda=" + local);
        assertThat(persistentXml(host1, backendId)).as("the definition is unchanged").isEqualTo(definition);
        await(driver.stop(ctx(), host1, guest.backendId(), StopMode.FORCE));

        assertThat(qemuImgInfo(onNfs)).doesNotContain("backing-filename");
        String expected = "OVM-IT-PATTERN\n".repeat(1048576 / 15 + 1).substring(0, 1048576);
        for (String[] image : List.of(new String[] {local, "qcow2"}, new String[] {onNfs, "qcow2"},
                new String[] {onLocal, "raw"})) {
            String pattern = new String(read(image[0], image[1], 128, 16), StandardCharsets.US_ASCII);
            assertThat(pattern.equals(expected)).as(image[0] + " holds the pattern at 8 MiB, not "
                    + pattern.substring(0, Math.min(40, pattern.length()))).isTrue();
            assertThat(new String(read(image[0], image[1], 0, 1), 0, 11, StandardCharsets.US_ASCII)).as(image[0])
                    .isEqualTo("OVM-IT-MARK");
        }
    }

    /** {@code count} blocks of 64 KiB from {@code skip} blocks on, read with qemu-img dd. */
    private byte[] read(String image, String format, int skip, int count) throws Exception {
        Path out = WORK.resolve(id + "-read.bin");
        try {
            // qemu-img dd counts the skipped blocks in count
            qemuImg("dd", "-f", format, "-O", "raw", "bs=65536", "skip=" + skip, "count=" + (skip + count),
                    "if=" + image,
                    "of=" + out);
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aGuestBootedFromNfsMigratesLiveToTheOtherHostAndBack() throws Exception {
        String boot = createNfs(id + "-boot.qcow2");
        InstanceInfo guest = bootTicking(boot);
        assertThat(guest.details().get("disks")).isEqualTo("vda=" + boot);

        // a migration that cannot finish by its deadline is aborted: the guest stays, running, on host1
        OperationContext hurried = new OperationContext("it-" + UUID.randomUUID(), Instant.now().plusMillis(300), "it",
                executor);
        Throwable late = org.assertj.core.api.Assertions.catchThrowable(
                () -> await(driver.migrate(hurried, host1, host2, guest.backendId(), Progress.NONE)));
        assertThat(late).hasCauseInstanceOf(org.ovm.spi.common.DriverException.class);
        assertThat(((org.ovm.spi.common.DriverException) late.getCause()).code())
                .isEqualTo(org.ovm.spi.common.ErrorCode.TIMEOUT);
        assertThat(await(driver.findInstance(ctx(), host1, guest.backendId())).orElseThrow().state())
                .isEqualTo(PowerState.RUNNING);
        assertThat(await(driver.findInstance(ctx(), host2, guest.backendId()))).isEmpty();

        int before = ticking.ticks();
        AtomicInteger lastPercent = new AtomicInteger(-1);
        InstanceInfo there = await(driver.migrate(ctx(), host1, host2, guest.backendId(),
                (percent, message) -> lastPercent.set(percent)));
        assertThat(there.state()).isEqualTo(PowerState.RUNNING);
        assertThat(lastPercent.get()).isEqualTo(100);
        assertThat(await(driver.findInstance(ctx(), host1, guest.backendId()))).as("gone from the source").isEmpty();
        assertThat(await(driver.findInstance(ctx(), host2, guest.backendId()))).isPresent();
        ticking.waitForMoreTicks(before);

        // paused by hand (not by its storage): reported with libvirt's reason, and resumed
        Connect direct = new Connect(host2.uri());
        try {
            direct.domainLookupByUUIDString(guest.backendId()).suspend();
        } finally {
            direct.close();
        }
        InstanceInfo paused = await(driver.findInstance(ctx(), host2, guest.backendId())).orElseThrow();
        assertThat(paused.state()).isEqualTo(PowerState.PAUSED);
        assertThat(paused.details()).containsEntry(PauseSupport.PAUSE_REASON, "user");
        InstanceInfo resumed = await(driver.resume(ctx(), host2, guest.backendId()));
        assertThat(resumed.state()).isEqualTo(PowerState.RUNNING);
        assertThat(resumed.details()).doesNotContainKey(PauseSupport.PAUSE_REASON);

        before = ticking.ticks();
        InstanceInfo home = await(driver.migrate(ctx(), host2, host1, guest.backendId(), Progress.NONE));
        assertThat(home.state()).isEqualTo(PowerState.RUNNING);
        assertThat(await(driver.findInstance(ctx(), host2, guest.backendId()))).isEmpty();
        ticking.waitForMoreTicks(before);

        // stopped: only the definition moves, and it stays stopped
        await(driver.stop(ctx(), host1, guest.backendId(), StopMode.FORCE));
        InstanceInfo offline = await(driver.migrate(ctx(), host1, host2, guest.backendId(), Progress.NONE));
        assertThat(offline.state()).isEqualTo(PowerState.STOPPED);
        assertThat(await(driver.findInstance(ctx(), host1, guest.backendId()))).isEmpty();
        // asked again (a retried task): reported as done
        assertThat(await(driver.migrate(ctx(), host1, host2, guest.backendId(), Progress.NONE)).backendId())
                .isEqualTo(guest.backendId());
    }

    /**
     * A disk that fails (no space left: a 2 MiB tmpfs under a 64 MiB qcow2, since the shared NFS
     * server must not be stopped, and QEMU's NFS client waits for an unreachable server instead of
     * failing) pauses the guest with error_policy='stop'; the driver reports io-error, refuses to
     * resume while the disk still fails, and resumes once it works again.
     */
    @Test
    void aGuestWhoseDiskFailsIsPausedWithIoErrorAndResumesOnceItWorks() throws Exception {
        Path small = WORK.resolve("small-" + id);
        Files.createDirectories(small);
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString());
        try {
            String disk = small.resolve("disk.qcow2").toString();
            qemuImg("create", "-q", "-f", "qcow2", disk, "64M");
            InstanceInfo guest = bootTicking(disk);
            TerminalSupport.Session console = await(driver.openSerialConsole(ctx(), host1, guest.backendId(),
                    bytes -> {
                    }));
            try {
                // short enough for one line of the guest's 80 columns, so its echo can be waited for
                console.write("dd if=/dev/zero of=/dev/vda bs=1M count=8 conv=fsync;echo W$((6*7))D\r"
                        .getBytes(StandardCharsets.US_ASCII));
                // queued keystrokes are sent by the console's thread: close only once the guest echoed them
                ticking.waitFor("echo W$((6*7))D", Duration.ofSeconds(30));
            } finally {
                console.close();
            }
            InstanceInfo paused = null;
            Instant until = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(until)) {
                paused = await(driver.findInstance(ctx(), host1, guest.backendId())).orElseThrow();
                if (paused.state() == PowerState.PAUSED) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(paused.state()).isEqualTo(PowerState.PAUSED);
            assertThat(paused.details()).containsEntry(PauseSupport.PAUSE_REASON, PauseSupport.IO_ERROR);

            Throwable still = org.assertj.core.api.Assertions.catchThrowable(
                    () -> await(driver.resume(ctx(), host1, guest.backendId())));
            assertThat(still).hasCauseInstanceOf(org.ovm.spi.common.DriverException.class);
            assertThat(((org.ovm.spi.common.DriverException) still.getCause()).code())
                    .isEqualTo(org.ovm.spi.common.ErrorCode.CONFLICT);
            assertThat(still.getCause().getMessage()).contains("still fails");

            run("mount", "-o", "remount,size=100m", small.toString());
            InstanceInfo resumed = await(driver.resume(ctx(), host1, guest.backendId()));
            assertThat(resumed.state()).isEqualTo(PowerState.RUNNING);
            ticking.waitFor("W42D", Duration.ofSeconds(60));
        } finally {
            if (backendId != null) {
                await(driver.undefine(ctx(), host1, backendId));
            }
            run("umount", small.toString());
            Files.deleteIfExists(small);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (the test runs as root, like "
                    + "./ovm test): " + out);
        }
    }

    /** Boots the ticking guest on host1 with {@code disk} as vda. */
    private InstanceInfo bootTicking(String disk) throws Exception {
        InstanceInfo started = ticking.boot(host1, disk);
        backendId = started.backendId();
        return started;
    }

    /** The persistent (inactive) definition of domain {@code backendId} on {@code host}. */
    static String persistentXml(HostEndpoint host, String backendId) throws Exception {
        Connect connect = new Connect(host.uri());
        try {
            return connect.domainLookupByUUIDString(backendId).getXMLDesc(2);
        } finally {
            connect.close();
        }
    }

    private static String nfsName(String url) {
        return NfsPath.parse(url).path();
    }

    /** An empty 64 MiB qcow2 on the NFS server, owned by libvirt-qemu:kvm (what the NFS storage driver does). */
    private String createNfs(String name) throws Exception {
        String url = nfsDir + "/" + name;
        Path dir = exportDir();
        Files.createDirectories(dir);
        dir.toFile().setWritable(true, false);
        qemuImg("create", "-q", "-f", "qcow2", url + "?uid=64055&gid=107", "64M");
        return url;
    }

    private void deleteNfs(String name) throws Exception {
        Files.deleteIfExists(exportDir().resolve(name));
    }

    /** The export's directory on this machine (the NFS server runs here). */
    private Path exportDir() {
        String export = env("NFS_EXPORT");
        return Path.of(export.substring(export.indexOf(':') + 1), "i16-kvm");
    }

    private static String qemuImgInfo(String url) throws Exception {
        return qemuImg("info", "-f", "qcow2", "--output=json", url);
    }

    /** Runs qemu-img (always with -f in the arguments); its output, or an exception naming the command. */
    static String qemuImg(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    private OperationContext ctx() {
        return new OperationContext("it-" + UUID.randomUUID(), Instant.now().plus(CALL), "it", executor);
    }

    /** A driver call's result, within the calls' deadline plus a margin. */
    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(CALL.toSeconds() + 10, TimeUnit.SECONDS);
    }
}
