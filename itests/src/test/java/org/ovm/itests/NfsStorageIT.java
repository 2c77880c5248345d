package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.deleteTree;
import static org.ovm.itests.support.TinyGuest.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.BrowserTests;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.TerminalSocket;
import org.ovm.itests.support.TinyGuest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Shared storage on a real NFS server (issue 16's acceptance): the nfs-ganesha export of
 * {@code ./ovm backends up nfs} becomes a pool of a cluster with both KVM hosts of
 * {@code ./ovm backends} ({@code KVM_URI}, {@code KVM_URI_2}); its capacity is the export's, and
 * what OVM creates there is on the export ({@code nfs-ls}). A tiny guest boots from a disk on it;
 * its disk moves to local storage and back while it runs (its serial console keeps printing, the
 * bytes it wrote before match after); it live-migrates to the second host and back (placed by the
 * scheduler); a detached volume copied local to NFS is identical ({@code qemu-img compare}); a pool
 * with overcommit ratio 1.0 refuses a volume larger than its free space; a volume's backup outlives it
 * and restores it identically, a running guest is backed up by the scheduler at its time (old scheduled
 * backups pruned, manual ones kept), a snapshot of it on NFS reverts its disk, and its disk is restored
 * over itself from a backup once stopped; a stopped NFS server degrades the pool
 * within one probe and, restarted, the pool heals by itself. The portal does the
 * same in a browser ({@code ui/web/e2e/storage.e2e.mjs}).
 */
class NfsStorageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final Path SHOTS = BrowserTests.screenshots("screenshots-storage");
    private static final String SETUP = "start the real backends with './ovm backends up' and export "
            + "'./ovm backends env' (./ovm test does both)";
    private static final Pattern FREE = Pattern.compile("(\\d+) of (\\d+) bytes free");

    private final String kvmUri = System.getenv("KVM_URI");
    private final String kvmUri2 = System.getenv("KVM_URI_2");
    private final String nfsUri = System.getenv("NFS_URI");
    private final String suffix = Long.toHexString(System.nanoTime()).substring(0, 6);
    private final Path poolDir = Paths.get("/var/lib/ovm-it/pools/nfs-" + suffix);
    private final List<String> guests = new ArrayList<>();
    private final Path repo = Paths.get(System.getProperty("ovm.repo", "..")).toAbsolutePath().normalize();

    private Distribution dist;
    private Api api;
    private String host1;
    private String host2;
    private String localPool;
    private String nfsPool;
    private String vdc;
    private String imageId;
    private String cluster;
    private String manualBackup;

    @Test
    void nfsPoolsCarryGuestsThatMoveBetweenPoolsAndHosts() throws Exception {
        assertThat(kvmUri).as("KVM_URI: " + SETUP).isNotBlank();
        assertThat(kvmUri2).as("KVM_URI_2: " + SETUP).isNotBlank();
        assertThat(nfsUri).as("NFS_URI (the nfs backend): " + SETUP).isNotBlank();
        BrowserTests.requireBrowser();
        BrowserTests.clear(SHOTS);
        TinyGuest.ensureBuilt();
        Files.createDirectories(poolDir);
        try (Distribution started = Distribution.unpack("nfs", 52000)) {
            dist = started;
            dist.start("-Dovm.monitor.period=2 -Dovm.storage.probe.seconds=2 -Dovm.backup.scheduler.seconds=2");
            api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage");
            try {
                scenario();
            } finally {
                leaveNothingBehind();
            }
        } finally {
            for (String name : guests) {
                for (String uri : List.of(kvmUri, kvmUri2)) {
                    run("virsh", "-c", uri, "destroy", name);
                    run("virsh", "-c", uri, "undefine", name);
                }
            }
            deleteTree(poolDir);
        }
    }

    private void scenario() throws Exception {
        setUp();
        theExportIsAPoolOfBothHosts();
        aVolumeCreatedThroughOvmIsOnTheExport();
        String vm = aGuestBootsFromNfs();
        scheduleABackupWithinAMinute(vm);
        try (TerminalSocket console = serial(vm)) {
            String before = checksum(console, "1", true);
            String disk = diskOf(vm);
            movesWhileItRuns(vm, disk, localPool);
            movesWhileItRuns(vm, disk, nfsPool);
            assertThat(checksum(console, "2", false)).as("the bytes the guest wrote before its disk moved twice")
                    .isEqualTo(before);
        }
        liveMigratesToTheOtherHostAndBack(vm);
        // the same in the portal: an NFS pool through the form, a volume copied there and moved back,
        // the guest migrated to the other host (and back through the API)
        BrowserTests.run(dist, SHOTS, "e2e/storage.e2e.mjs", Map.of("OVM_ADMIN_PASSWORD", Distribution.ADMIN_PASSWORD,
                "OVM_NFS_URI", nfsUri + "/e2e-" + suffix, "OVM_E2E_CLUSTER", "nfs-" + suffix, "OVM_INSTANCE", "g-" + suffix,
                "OVM_TARGET_HOST", "kvm2-" + suffix), 10);
        aDetachedVolumeCopiedToNfsIsIdentical();
        aBackupOutlivesItsVolumeAndRestoresIt();
        aRunningGuestIsBackedUpOnItsScheduleAndOldBackupsGo(vm);
        aSnapshotOfTheGuestOnNfsRevertsItsDisk(vm);
        BrowserTests.run(dist, SHOTS, "e2e/backups.e2e.mjs", Map.of("OVM_ADMIN_PASSWORD", Distribution.ADMIN_PASSWORD,
                "OVM_INSTANCE", "g-" + suffix, "OVM_BACKUP_POOL", "nfs-" + suffix), 10);
        overcommitOneRefusesMoreThanTheFreeSpace();
        aStoppedServerDegradesThePoolAndItHeals(vm);
        theStoppedGuestsDiskIsRestoredOverItself(vm);
    }

    private void setUp() throws Exception {
        String zone = Api.created(api.post("/zones", Json.object("name", "nfs-" + suffix)));
        String cluster = Api.created(api.post("/clusters", Json.object("name", "nfs-" + suffix, "zoneId", zone)));
        host1 = api.addHost(Json.object("name", "kvm1-" + suffix, "type", "kvm", "uri", kvmUri, "clusterId", cluster,
                "settings", Map.of("domainType", "qemu")));
        host2 = api.addHost(Json.object("name", "kvm2-" + suffix, "type", "kvm", "uri", kvmUri2, "clusterId",
                cluster, "settings", Map.of("domainType", "qemu")));
        localPool = api.finished(api.post("/storage-pools", Json.object("name", "local-" + suffix, "type", "local",
                "uri", "file://" + poolDir, "hostId", host1)), TIMEOUT);
        Files.copy(TinyGuest.DIR.resolve("disk.qcow2"), poolDir.resolve("tiny.qcow2"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(poolDir.resolve("tiny.qcow2"), PosixFilePermissions.fromString("rw-r--r--"));
        imageId = api.finished(api.post("/images", Json.object("name", "tiny-" + suffix, "kind", "template",
                "format", "qcow2", "poolId", localPool, "volume", "tiny.qcow2", "properties",
                TinyGuest.templateProperties())), TIMEOUT);
        vdc = Api.created(api.post("/vdcs", Json.object("name", "nfs-" + suffix)));
        nfsPool = api.finished(api.post("/storage-pools", Json.object("name", "nfs-" + suffix, "type", "nfs", "uri",
                nfsUri, "clusterId", cluster)), TIMEOUT);
        this.cluster = cluster;
    }

    /** Attached to both hosts of the cluster; capacity and free space are the export's (nfs-ls -s). */
    private void theExportIsAPoolOfBothHosts() throws Exception {
        JsonNode pool = api.get("/storage-pools/" + nfsPool).json();
        assertThat(pool.get("state").asText()).as(pool.toString()).isEqualTo("UP");
        assertThat(pool.get("clusterId").asText()).isEqualTo(cluster);
        List<String> attached = new ArrayList<>();
        pool.get("hosts").forEach(h -> {
            assertThat(h.get("state").asText()).as(h.toString()).isEqualTo("UP");
            attached.add(h.get("hostId").asText());
        });
        assertThat(attached).containsExactlyInAnyOrder(host1, host2);
        Matcher free = FREE.matcher(run("nfs-ls", "-s", nfsUri));
        assertThat(free.find()).as("nfs-ls -s " + nfsUri).isTrue();
        long total = Long.parseLong(free.group(2));
        long available = Long.parseLong(free.group(1));
        assertThat(pool.get("totalBytes").asLong()).isEqualTo(total);
        // the export's file system is the build machine's: other writers move its free space a little
        assertThat(pool.get("availableBytes").asLong()).isBetween(available - (1L << 30), available + (1L << 30));
    }

    /** A volume made through OVM is a file of the export, as nfs-ls lists it. */
    private void aVolumeCreatedThroughOvmIsOnTheExport() throws Exception {
        String id = api.finished(api.post("/volumes", Json.object("name", "v-" + suffix, "poolId", nfsPool,
                "sizeGiB", 1, "vdcId", vdc)), TIMEOUT);
        String path = api.get("/volumes/" + id).text("path");
        assertThat(path).startsWith(nfsUri + "/");
        assertThat(run("nfs-ls", nfsUri)).contains(path.substring(path.lastIndexOf('/') + 1));
        api.awaitTask(api.delete("/volumes/" + id).text("id"), TIMEOUT);
        assertThat(run("nfs-ls", nfsUri)).doesNotContain(path.substring(path.lastIndexOf('/') + 1));
    }

    /** A tiny guest whose disk is a full copy of the template on the NFS pool boots and prints. */
    private String aGuestBootsFromNfs() throws Exception {
        String name = "g-" + suffix;
        guests.add(name);
        String id = api.finished(api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 128,
                "hostId", host1, "vdcId", vdc, "imageId", imageId, "storagePoolId", nfsPool, "cloneMode", "full",
                "start", true)), TIMEOUT);
        String disk = api.get("/volumes/" + diskOf(id)).text("path");
        assertThat(disk).as("the guest's disk").startsWith(nfsUri + "/");
        assertThat(run("virsh", "-c", kvmUri, "dumpxml", name)).contains("protocol='nfs'");
        return id;
    }

    private String diskOf(String instanceId) throws Exception {
        JsonNode volumes = api.get("/volumes?instanceId=" + instanceId).json().get("items");
        assertThat(volumes.size()).as(volumes.toString()).isEqualTo(1);
        return volumes.get(0).get("id").asText();
    }

    /** The guest's disk moves to the pool while it runs: the task succeeds, the console never stops. */
    private void movesWhileItRuns(String vm, String disk, String targetPool) throws Exception {
        Path log = Paths.get(api.get("/instances/" + vm).json().get("details").get("serialLog").asText());
        Reply move = api.post("/volumes/" + disk + "/migrate", Json.object("poolId", targetPool));
        assertThat(move.status()).as(move.body()).isEqualTo(202);
        String task = move.text("id");
        long lastTicks = ticks(log);
        long lastChange = System.nanoTime();
        long longestGap = 0;
        JsonNode done;
        while (true) {
            done = api.get("/tasks/" + task).json();
            long now = ticks(log);
            if (now != lastTicks) {
                longestGap = Math.max(longestGap, System.nanoTime() - lastChange);
                lastTicks = now;
                lastChange = System.nanoTime();
            }
            String state = done.get("state").asText();
            if (!List.of("QUEUED", "PENDING", "RUNNING").contains(state)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(Duration.ofNanos(longestGap)).as("the longest silence of the guest's console during the move")
                .isLessThan(Duration.ofSeconds(8));
        JsonNode volume = api.get("/volumes/" + disk).json();
        assertThat(volume.get("poolId").asText()).isEqualTo(targetPool);
        assertThat(run("virsh", "-c", kvmUri, "dumpxml", "--inactive", api.get("/instances/" + vm).text("name")))
                .as("the persistent definition names the new disk")
                .contains(targetPool.equals(nfsPool) ? "protocol='nfs'" : poolDir.toString());
        assertThat(api.get("/instances/" + vm).text("state")).isEqualTo("RUNNING");
    }

    private static long ticks(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).lines()
                .filter(line -> line.startsWith("TICK-")).count();
    }

    /** Writes random bytes at 64 KiB of the disk (when asked) and prints their MD5, read back past the cache. */
    private static String checksum(TerminalSocket console, String n, boolean write) throws Exception {
        if (write) {
            console.type("dd if=/dev/urandom of=/dev/vda bs=4096 seek=16 count=256 2>/dev/null; sync\r");
        }
        console.type("echo 3 > /proc/sys/vm/drop_caches; echo SUM" + n + "-$(dd if=/dev/vda bs=4096 skip=16 "
                + "count=256 2>/dev/null | md5sum | cut -c1-32)\r");
        // the screen echoes the command too (SUM1-$(...): only a 32-digit answer counts
        Pattern answer = Pattern.compile("SUM" + n + "-([0-9a-f]{32})");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = console.await("SUM" + n + "-", Duration.ofMillis(500));
            Matcher sum = answer.matcher(screen);
            if (sum.find()) {
                return sum.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the guest printed no checksum within 30 s: " + screen);
    }

    /** Host 1 to host 2 (named), then back by the scheduler; running, the inventory follows, one copy only. */
    private void liveMigratesToTheOtherHostAndBack(String vm) throws Exception {
        String name = api.get("/instances/" + vm).text("name");
        api.finished(api.post("/instances/" + vm + "/migrate", Json.object("hostId", host2)), TIMEOUT);
        JsonNode moved = api.get("/instances/" + vm).json();
        assertThat(moved.get("hostId").asText()).isEqualTo(host2);
        assertThat(moved.get("state").asText()).isEqualTo("RUNNING");
        assertThat(run("virsh", "-c", kvmUri2, "domstate", name)).isEqualTo("running");
        assertThat(run("virsh", "-c", kvmUri, "list", "--all", "--name")).doesNotContain(name);
        try (TerminalSocket console = serial(vm)) {
            assertThat(console.typeUntil("echo moved-$((6*7))\r", "moved-42", Duration.ofSeconds(30)))
                    .contains("moved-42");
        }
        api.finished(api.post("/instances/" + vm + "/migrate", "{}"), TIMEOUT);
        assertThat(api.get("/instances/" + vm).text("hostId")).as("the only other host").isEqualTo(host1);
        assertThat(run("virsh", "-c", kvmUri, "domstate", name)).isEqualTo("running");
        assertThat(run("virsh", "-c", kvmUri2, "list", "--all", "--name")).doesNotContain(name);
    }

    /** A detached volume with data, copied from the local pool to NFS: qemu-img compare finds them identical. */
    private void aDetachedVolumeCopiedToNfsIsIdentical() throws Exception {
        String id = api.finished(api.post("/volumes", Json.object("name", "data-" + suffix, "poolId", localPool,
                "sizeGiB", 1, "vdcId", vdc)), TIMEOUT);
        String source = api.get("/volumes/" + id).text("path");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 3M", source);
        String copy = api.finished(api.post("/volumes/" + id + "/copy", Json.object("poolId", nfsPool, "name",
                "data-copy-" + suffix)), TIMEOUT);
        JsonNode copied = api.get("/volumes/" + copy).json();
        assertThat(copied.get("poolId").asText()).isEqualTo(nfsPool);
        assertThat(copied.get("format").asText()).isEqualTo("qcow2");
        assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", source, copied.get("path").asText()))
                .contains("Images are identical");
        for (String v : List.of(copy, id)) {
            api.awaitTask(api.delete("/volumes/" + v).text("id"), TIMEOUT);
        }
    }

    /**
     * A detached volume with data is backed up to NFS (offline), deleted, and restored as a new volume
     * in the local pool: the same bytes as before (qemu-img compare against a copy taken first).
     */
    private void aBackupOutlivesItsVolumeAndRestoresIt() throws Exception {
        String id = api.finished(api.post("/volumes", Json.object("name", "keep-" + suffix, "poolId", localPool,
                "sizeGiB", 1, "vdcId", vdc)), TIMEOUT);
        String source = api.get("/volumes/" + id).text("path");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x3c 2M 5M", source);
        Path reference = poolDir.resolve("reference-" + suffix + ".qcow2");
        run("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", source, reference.toString());
        String backup = backUp(id);
        JsonNode made = api.get("/backups/" + backup).json();
        assertThat(made.get("state").asText()).as(made.toString()).isEqualTo("READY");
        assertThat(made.get("consistency").asText()).isEqualTo("offline");
        api.awaitTask(api.delete("/volumes/" + id).text("id"), TIMEOUT);
        assertThat(api.get("/backups/" + backup).json().get("volumeName").asText()).isEqualTo("keep-" + suffix);
        Reply restore = api.post("/backups/" + backup + "/restore", Json.object("mode", "new", "poolId", localPool,
                "name", "kept-" + suffix));
        assertThat(restore.status()).as(restore.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(restore.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        JsonNode restored = api.get("/volumes?name=kept-" + suffix).json().get("items").get(0);
        assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", reference.toString(),
                restored.get("path").asText())).contains("Images are identical");
        api.awaitTask(api.delete("/volumes/" + restored.get("id").asText()).text("id"), TIMEOUT);
        api.awaitTask(api.delete("/backups/" + backup).text("id"), TIMEOUT);
        assertThat(api.get("/backups/" + backup).status()).isEqualTo(404);
    }

    /** A daily schedule keeping one backup, due at the next full minute at least 15 s away (UTC). */
    private void scheduleABackupWithinAMinute(String vm) throws Exception {
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(75)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String hhmm = String.format("%02d:%02d", at.getHour(), at.getMinute());
        Reply schedule = api.put("/instances/" + vm + "/backup-schedule", Json.object("poolId", nfsPool, "kind",
                "daily", "at", hhmm, "keep", 1));
        assertThat(schedule.status()).as(schedule.body()).isIn(200, 204);
        assertThat(api.get("/instances/" + vm + "/backup-schedule").text("nextRunAt")).contains("T" + hhmm + ":00");
    }

    /**
     * The scheduler has backed the running guest up by itself (a point-in-time copy while it ran, while the
     * rest of the test went on); one more run keeps only the newest scheduled backup (keep 1), and a
     * manual backup is never pruned.
     */
    private void aRunningGuestIsBackedUpOnItsScheduleAndOldBackupsGo(String vm) throws Exception {
        String disk = diskOf(vm);
        String manual = backUp(disk);
        assertThat(api.get("/backups/" + manual).text("consistency")).as("the tiny guest has no agent")
                .isEqualTo("crash");
        String first = scheduledBackups(disk, 1, Duration.ofSeconds(90)).get(0);
        assertThat(api.get("/instances/" + vm + "/backup-schedule").text("lastRunAt")).isNotBlank();
        Reply now = api.post("/instances/" + vm + "/backup-schedule/run", null);
        assertThat(now.status()).as(now.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(now.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        List<String> kept = scheduledBackups(disk, 1, Duration.ofSeconds(60));
        assertThat(kept).as("the newer scheduled backup is kept").doesNotContain(first);
        assertThat(api.get("/backups/" + first).status()).as("the older one was pruned").isEqualTo(404);
        assertThat(api.get("/backups/" + manual).text("state")).isEqualTo("READY");
        assertThat(api.get("/instances/" + vm).text("state")).isEqualTo("RUNNING");
        api.delete("/instances/" + vm + "/backup-schedule");
        this.manualBackup = manual;
    }

    /** Waits until the volume has exactly {@code count} scheduled backups, all READY (and none other in flight); their ids. */
    private List<String> scheduledBackups(String disk, int count, Duration timeout) throws Exception {
        List<String> ids = new ArrayList<>();
        api.awaitGet("/backups?volumeId=" + disk, r -> {
            ids.clear();
            boolean settled = true;
            for (JsonNode b : r.json().get("items")) {
                settled &= b.get("state").asText().equals("READY");
                if (b.get("scheduled").asBoolean()) {
                    ids.add(b.get("id").asText());
                }
            }
            return settled && ids.size() == count;
        }, timeout);
        return ids;
    }

    /**
     * An instance snapshot of the running guest whose disk is on NFS (QEMU's internal snapshot, in the
     * qcow2 on the export): what the guest writes after it is gone once it is reverted.
     */
    private void aSnapshotOfTheGuestOnNfsRevertsItsDisk(String vm) throws Exception {
        String before;
        try (TerminalSocket console = serial(vm)) {
            before = checksum(console, "3", false);
            JsonNode task = api.awaitTask(api.post("/instances/" + vm + "/snapshots", Json.object("name",
                    "before-" + suffix)).text("id"), TIMEOUT);
            assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
            assertThat(checksum(console, "4", true)).as("new bytes after the snapshot").isNotEqualTo(before);
        }
        String snapshot = api.get("/instances/" + vm + "/snapshots").json().get("items").get(0).get("id").asText();
        JsonNode revert = api.awaitTask(api.post("/instances/" + vm + "/snapshots/" + snapshot + "/revert", null)
                .text("id"), TIMEOUT);
        assertThat(revert.get("state").asText()).as(revert.toString()).isEqualTo("SUCCEEDED");
        try (TerminalSocket console = serial(vm)) {
            assertThat(checksum(console, "5", false)).as("the disk as it was when the snapshot was taken")
                    .isEqualTo(before);
        }
        JsonNode deleted = api.awaitTask(api.delete("/instances/" + vm + "/snapshots/" + snapshot).text("id"), TIMEOUT);
        assertThat(deleted.get("state").asText()).as(deleted.toString()).isEqualTo("SUCCEEDED");
    }

    /** Backs a volume up to the NFS pool by hand (the task works on the volume or its instance); the new backup's id. */
    private String backUp(String volumeId) throws Exception {
        Reply backup = api.post("/volumes/" + volumeId + "/backups", Json.object("poolId", nfsPool));
        assertThat(backup.status()).as(backup.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(backup.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        // newest first; the volume's scheduled backups (the scheduler may make one meanwhile) are not this
        for (JsonNode b : api.get("/backups?volumeId=" + volumeId).json().get("items")) {
            if (!b.get("scheduled").asBoolean()) {
                return b.get("id").asText();
            }
        }
        throw new AssertionError("no manual backup of volume " + volumeId + " after its task succeeded");
    }

    /** The guest stopped, its disk is restored over itself from the manual backup: identical to the backup. */
    private void theStoppedGuestsDiskIsRestoredOverItself(String vm) throws Exception {
        api.finished(api.post("/instances/" + vm + "/stop?force=true", null), TIMEOUT);
        String disk = diskOf(vm);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x77 0 1M", api.get("/volumes/" + disk).text("path"));
        Reply restore = api.post("/backups/" + manualBackup + "/restore", Json.object("mode", "overwrite"));
        assertThat(restore.status()).as(restore.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(restore.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        String backupPath = api.get("/backups/" + manualBackup).text("path");
        assertThat(backupPath).startsWith(nfsUri + "/");
        assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", backupPath,
                api.get("/volumes/" + disk).text("path"))).contains("Images are identical");
    }

    /** Overcommit ratio 1.0: a volume larger than the free space is refused with 409 and the numbers. */
    private void overcommitOneRefusesMoreThanTheFreeSpace() throws Exception {
        Reply twice = api.post("/storage-pools", Json.object("name", "twice-" + suffix, "type", "nfs", "uri", nfsUri,
                "hostIds", List.of(host1)));
        assertThat(twice.status()).as("a second pool on the same export: " + twice.body()).isEqualTo(409);
        String tight = api.finished(api.post("/storage-pools", Json.object("name", "tight-" + suffix, "type", "nfs",
                "uri", nfsUri + "/tight-" + suffix, "hostIds", List.of(host1), "overcommitRatio", 1.0)), TIMEOUT);
        long free = api.get("/storage-pools/" + tight).json().get("availableBytes").asLong();
        long tooBig = free / (1L << 30) + 2;
        Reply refused = api.post("/volumes", Json.object("name", "big-" + suffix, "poolId", tight, "sizeGiB", tooBig,
                "vdcId", vdc));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("detail")).contains("GiB").contains("overcommit");
        assertThat(api.get("/volumes?poolId=" + tight).json().get("total").asInt()).isZero();
        api.awaitTask(api.delete("/storage-pools/" + tight).text("id"), TIMEOUT);
    }

    /** The NFS server stops: the pool is DEGRADED with a reason within a probe; it comes back: UP, guest runs. */
    private void aStoppedServerDegradesThePoolAndItHeals(String vm) throws Exception {
        String ovm = repo.resolve("ovm").toString();
        run(ovm, "backends", "down", "nfs");
        try {
            JsonNode degraded = api.awaitGet("/storage-pools/" + nfsPool,
                    r -> "DEGRADED".equals(r.text("state")), Duration.ofSeconds(20)).json();
            assertThat(degraded.get("stateReason").asText()).as(degraded.toString()).isNotBlank();
            JsonNode host = api.get("/hosts/" + host1).json();
            assertThat(host.path("storageReason").asText()).as(host.toString()).contains("nfs-" + suffix);
        } finally {
            run(ovm, "backends", "up", "nfs");
        }
        JsonNode healed = api.awaitGet("/storage-pools/" + nfsPool, r -> "UP".equals(r.text("state")),
                Duration.ofSeconds(30)).json();
        assertThat(healed.get("stateReason").isNull()).as(healed.toString()).isTrue();
        assertThat(api.get("/hosts/" + host1).json().path("storageReason").isNull()).isTrue();
        api.awaitGet("/instances/" + vm, r -> "RUNNING".equals(r.text("state")), Duration.ofSeconds(30));
        try (TerminalSocket console = serial(vm)) {
            assertThat(console.typeUntil("echo healed-$((6*7))\r", "healed-42", Duration.ofSeconds(30)))
                    .contains("healed-42");
        }
    }

    /** Instances, backups and volumes OVM made, deleted through the engine (best effort). */
    private void leaveNothingBehind() {
        try {
            for (JsonNode instance : api.get("/instances?limit=1000").json().get("items")) {
                Reply delete = api.delete("/instances/" + instance.get("id").asText());
                if (delete.status() == 202) {
                    api.awaitTask(delete.text("id"), TIMEOUT);
                }
            }
            for (JsonNode backup : api.get("/backups?limit=1000").json().get("items")) {
                Reply delete = api.delete("/backups/" + backup.get("id").asText());
                if (delete.status() == 202) {
                    api.awaitTask(delete.text("id"), TIMEOUT);
                }
            }
            for (JsonNode volume : api.get("/volumes?limit=1000").json().get("items")) {
                Reply delete = api.delete("/volumes/" + volume.get("id").asText());
                if (delete.status() == 202) {
                    api.awaitTask(delete.text("id"), TIMEOUT);
                }
            }
        } catch (Exception | AssertionError e) {
            System.err.println("NfsStorageIT: cleaning up failed: " + e);
        }
    }

    /** The guest's serial console through the engine, its shell answering, a ticker running in the background. */
    private TerminalSocket serial(String id) throws Exception {
        TerminalSocket console = TerminalSocket.serial(dist, id);
        console.type("[ -f /tmp/ticker ] || { touch /tmp/ticker; (i=0; while :; do i=$((i+1)); echo TICK-$i; "
                + "sleep 1; done) & }\r");
        return console;
    }
}
