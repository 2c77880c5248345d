package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.ovm.plugin.kvm.internal.KvmSharedStorageIT.await;
import static org.ovm.plugin.kvm.internal.KvmSharedStorageIT.env;
import static org.ovm.plugin.kvm.internal.KvmSharedStorageIT.qemuImg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.StopMode;

/**
 * Shared-nothing live migration with real QEMU guests (TCG, 128 MiB): a guest whose disk is a local
 * qcow2 file of host1 migrates with its disk onto a new, empty volume of host2 (another directory: the
 * two libvirtds share this machine's file system, so "not shared" is simulated by distinct files) and
 * back, while it keeps printing ticks that read a mark from its disk; a migration capped to 1 MiB/s is
 * aborted and leaves the guest running, unchanged, on host1. (An NFS volume as the destination is covered by
 * {@code StorageMigrationXmlTest}; a round trip through NFS cost 19 s of the gate.) Needs {@code ./ovm backends up}
 * (KVM_URI, KVM_URI_2). Guests are named {@code i17-snm-it-*} and removed afterwards, with their files.
 */
class KvmStorageMigrationIT {

    private static final Duration CALL = Duration.ofMinutes(3);
    /** The files of the guests (readable by both libvirtds: /var/lib/libvirt is private to host2, this is not). */
    private static final Path WORK = Path.of("/var/lib/ovm-it/i17-snm");
    /** "host1's storage" and "host2's storage". */
    private static final Path ON_HOST1 = WORK.resolve("h1");
    private static final Path ON_HOST2 = WORK.resolve("h2");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final KvmHypervisorDriver driver = new KvmHypervisorDriver();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final TickingGuest ticking = new TickingGuest(driver, this::ctx, "i17-snm-it-" + id,
            WORK.resolve(id + "-serial.log"));
    private final HostEndpoint host1 = new HostEndpoint("host1", env("KVM_URI"), null, null,
            Map.of("domainType", "qemu"));
    private final HostEndpoint host2 = new HostEndpoint("host2", env("KVM_URI_2"), null, null,
            Map.of("domainType", "qemu"));
    private String backendId;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (backendId != null) {
                for (HostEndpoint host : List.of(host1, host2)) {
                    try {
                        await(driver.undefine(ctx(), host, backendId));
                    } catch (Exception e) {
                        System.err.println("cleanup: undefine on " + host.hostId() + ": " + e);
                    }
                }
            }
        } finally {
            driver.close();
            executor.shutdownNow();
            for (Path dir : List.of(ON_HOST1, ON_HOST2)) {
                for (String name : List.of("disk", "moved", "back")) {
                    Files.deleteIfExists(dir.resolve(id + "-" + name + ".qcow2"));
                }
            }
            Files.deleteIfExists(WORK.resolve(id + "-serial.log"));
            Files.deleteIfExists(WORK.resolve(id + "-read.bin"));
        }
    }

    @Test
    void aRunningGuestMigratesWithItsDiskToTheOtherHostAndBackWhileItKeepsRunning() throws Exception {
        String local = volume(ON_HOST1, "disk");
        InstanceInfo guest = bootTicking(local);
        String remote = volume(ON_HOST2, "moved");
        String emptySize = actualSize(remote);
        AtomicInteger lastPercent = new AtomicInteger(-1);
        AtomicReference<String> lastMessage = new AtomicReference<>();
        Progress progress = (percent, message) -> {
            lastPercent.set(percent);
            if (percent < 100) {
                lastMessage.set(message);
            }
        };

        int before = ticking.ticks();
        String source = actualSize(local);
        Instant start = Instant.now();
        InstanceInfo there = await(driver.migrateWithStorage(ctx(), host1, host2, guest.backendId(),
                Map.of(local, new DiskSpec(remote, "qcow2", null, false)), 50, progress));
        Duration took = Duration.between(start, Instant.now());
        assertThat(there.state()).isEqualTo(PowerState.RUNNING);
        assertThat(there.details().get("disks")).isEqualTo("vda=" + remote);
        assertThat(lastPercent.get()).isEqualTo(100);
        assertThat(await(driver.findInstance(ctx(), host1, guest.backendId()))).as("gone from the source").isEmpty();
        assertThat(KvmSharedStorageIT.persistentXml(host2, backendId)).as("the definition on host2 names the new volume").contains(remote)
                .doesNotContain(local);
        ticking.waitForMoreTicks(before);
        String copied = actualSize(remote);
        System.out.printf("KvmStorageMigrationIT: host1 -> host2 with storage (50 MiB/s cap) took %d ms; "
                + "the source had %s bytes allocated, the new volume's allocation went from %s to %s bytes; "
                + "last progress: %s%n", took.toMillis(), source, emptySize, copied, lastMessage.get());
        // the guest wrote its mark and a 64 KiB block per tick (two ticks at least before the migration)
        assertThat(Long.parseLong(copied)).as("the new volume holds the guest's data")
                .isGreaterThanOrEqualTo(Long.parseLong(emptySize) + 3 * 65536);

        String back = volume(ON_HOST1, "back");
        before = ticking.ticks();
        start = Instant.now();
        InstanceInfo home = await(driver.migrateWithStorage(ctx(), host2, host1, guest.backendId(),
                Map.of(remote, new DiskSpec(back, "qcow2", null, false)), 0, Progress.NONE));
        took = Duration.between(start, Instant.now());
        assertThat(home.state()).isEqualTo(PowerState.RUNNING);
        assertThat(home.details().get("disks")).isEqualTo("vda=" + back);
        assertThat(await(driver.findInstance(ctx(), host2, guest.backendId()))).isEmpty();
        assertThat(KvmSharedStorageIT.persistentXml(host1, backendId)).contains(back).doesNotContain(remote);
        ticking.waitForMoreTicks(before);
        System.out.printf("KvmStorageMigrationIT: host2 -> host1 with storage (no cap) took %d ms; %s bytes "
                + "allocated%n", took.toMillis(), actualSize(back));

        // the copy is self-contained and holds what the guest wrote before both moves
        await(driver.stop(ctx(), host1, guest.backendId(), StopMode.FORCE));
        assertThat(qemuImg("info", "-f", "qcow2", back)).doesNotContain("backing file");
        assertThat(new String(firstBytes(back), 0, 11, StandardCharsets.US_ASCII)).isEqualTo("OVM-IT-MARK");

        // stopped: refused, it stays where it is
        Throwable stopped = catchThrowable(() -> await(driver.migrateWithStorage(ctx(), host1, host2,
                guest.backendId(), Map.of(back, new DiskSpec(remote, "qcow2", null, false)), 0, Progress.NONE)));
        assertThat(code(stopped)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(stopped.getCause().getMessage()).contains("does not run");
        assertThat(await(driver.findInstance(ctx(), host1, guest.backendId()))).isPresent();
    }

    @Test
    void anAbortedMigrationLeavesTheGuestRunningUnchangedOnTheSource() throws Exception {
        String local = volume(ON_HOST1, "disk");
        InstanceInfo guest = bootTicking(local);
        String definition = KvmSharedStorageIT.persistentXml(host1, backendId);
        String remote = volume(ON_HOST2, "moved");
        assertThat(await(driver.abortMigration(ctx(), host1, guest.backendId()))).as("nothing to abort").isFalse();

        Instant start = Instant.now();
        AtomicReference<String> lastMessage = new AtomicReference<>();
        CompletableFuture<InstanceInfo> migration = driver.migrateWithStorage(ctx(), host1, host2,
                guest.backendId(), Map.of(local, new DiskSpec(remote, "qcow2", null, false)), 1,
                (percent, message) -> lastMessage.set(percent + "%: " + message)).toCompletableFuture();
        long seen = waitForJob(guest.backendId());
        Thread.sleep(2000);
        assertThat(migration).as("1 MiB/s: still running").isNotDone();
        assertThat(await(driver.abortMigration(ctx(), host1, guest.backendId()))).isTrue();
        Throwable aborted = catchThrowable(() -> await(migration));
        System.out.printf("KvmStorageMigrationIT: the job showed after %d ms, last progress before the abort: %s; "
                + "the aborted migration failed after %d ms: %s%n", seen, lastMessage.get(),
                Duration.between(start, Instant.now()).toMillis(), aborted.getCause().getMessage());
        assertThat(code(aborted)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(aborted.getCause().getMessage()).contains("was aborted").contains("stays");

        int before = ticking.ticks();
        InstanceInfo still = await(driver.findInstance(ctx(), host1, guest.backendId())).orElseThrow();
        assertThat(still.state()).isEqualTo(PowerState.RUNNING);
        assertThat(still.details().get("disks")).isEqualTo("vda=" + local);
        assertThat(KvmSharedStorageIT.persistentXml(host1, backendId)).as("the definition is unchanged").isEqualTo(definition);
        assertThat(await(driver.findInstance(ctx(), host2, guest.backendId()))).as("nothing on host2").isEmpty();
        ticking.waitForMoreTicks(before);
        assertThat(await(driver.abortMigration(ctx(), host1, guest.backendId()))).isFalse();
        assertThat(await(driver.abortMigration(ctx(), host2, guest.backendId()))).as("unknown there").isFalse();
    }

    /** Waits until host1 shows a job on the domain; the milliseconds that took. */
    private long waitForJob(String uuid) throws Exception {
        Instant start = Instant.now();
        Connect direct = new Connect(host1.uri());
        try {
            while (Duration.between(start, Instant.now()).toSeconds() < 60) {
                int type = direct.domainLookupByUUIDString(uuid).getJobInfo().getType();
                if (type == KvmStorageMigration.JOB_BOUNDED || type == KvmStorageMigration.JOB_UNBOUNDED) {
                    return Duration.between(start, Instant.now()).toMillis();
                }
                Thread.sleep(200);
            }
        } finally {
            direct.close();
        }
        throw new AssertionError("no migration job showed on host1");
    }

    private static ErrorCode code(Throwable failure) {
        assertThat(failure).isNotNull().hasCauseInstanceOf(DriverException.class);
        return ((DriverException) failure.getCause()).code();
    }

    /** An empty 64 MiB qcow2 in {@code dir}. */
    private String volume(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        String path = dir.resolve(id + "-" + name + ".qcow2").toString();
        qemuImg("create", "-q", "-f", "qcow2", path, "64M");
        return path;
    }

    /** The bytes a qcow2 file takes on disk (read while a QEMU may hold it: -U). */
    private static String actualSize(String path) throws Exception {
        Matcher m = Pattern.compile("\"actual-size\": (\\d+)").matcher(qemuImg("info", "-U", "-f", "qcow2",
                "--output=json", path));
        assertThat(m.find()).as("qemu-img info of " + path).isTrue();
        return m.group(1);
    }

    /** The first 64 KiB of a (stopped) qcow2 image. */
    private byte[] firstBytes(String image) throws Exception {
        Path out = WORK.resolve(id + "-read.bin");
        qemuImg("dd", "-f", "qcow2", "-O", "raw", "bs=65536", "count=1", "if=" + image, "of=" + out);
        return Files.readAllBytes(out);
    }

    /** Boots the ticking guest on host1 with {@code disk} as vda. */
    private InstanceInfo bootTicking(String disk) throws Exception {
        InstanceInfo started = ticking.boot(host1, disk);
        backendId = started.backendId();
        return started;
    }

    private OperationContext ctx() {
        return new OperationContext("it-" + UUID.randomUUID(), Instant.now().plus(CALL), "it", executor);
    }
}
