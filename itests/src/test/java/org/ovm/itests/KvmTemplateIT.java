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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.TinyGuest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Templates, linked and full clones on local storage, with real QEMU guests that boot: a
 * template registered from a file in a pool, an instance cloned from it (linked: backed by the
 * template; full: independent), its serial console showing the guest reached userspace, a
 * graceful (ACPI) stop, and deletion leaving no domain and no volume behind.
 *
 * <p>One scenario on one distribution, in steps: each step is a method below, run in the order
 * of {@link #templateClonesBootAndDeleteLeavesNothing}, and works on what the steps before it
 * left (the fields).
 */
class KvmTemplateIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Path GUEST = TinyGuest.DIR;

    private final String uri = System.getenv("KVM_URI");
    private final Path poolDir = Paths.get("/var/lib/ovm-it/pools/kvmit-" + Long.toHexString(System.nanoTime()));
    private final String linkedName = "tpl-linked-" + Long.toHexString(System.nanoTime());
    private final String fullName = "tpl-full-" + Long.toHexString(System.nanoTime());

    private Api api;
    private String hostId;
    private String poolId;
    private String imageId;
    private long freeBefore;
    private String linkedId;
    private String serialLog;
    private String fullId;
    private Path fullDisk;
    private String uploadedId;

    @Test
    void templateClonesBootAndDeleteLeavesNothing() throws Exception {
        assertThat(uri).as("KVM_URI: start the real backends with './ovm backends up' and export "
                + "'./ovm backends env' (./ovm test does both)").isNotBlank();
        TinyGuest.ensureBuilt();
        try (Distribution dist = Distribution.unpack("kvm-template", 31000)) {
            dist.start();
            api = dist.api();
            aKvmHostWithALocalPool();
            aTemplateIsRegisteredFromAFileInThePool();
            badInputIsRefusedBeforeAnythingIsCreated();
            aLinkedCloneBoots();
            rebootStopAndStartAgreeWithVirsh();
            aFullCloneHasNoBackingFile();
            aStandaloneVolumeIsAttachedDetachedGrownAndDeleted();
            aRunningGuestResizesWithinItsMaximumOnly();
            theStoppedFullCloneResizesOffline();
            aRevertedSnapshotUndoesAChange();
            deletingLeavesNoDomainAndNoVolume();
            uploadsRefuseBackingAndExternalDataFiles();
            anIsoInstallAttachesTheIsoAsACdrom();
            theLastImageAndThePoolAreRemoved();
        } finally {
            for (String domain : List.of(linkedName, fullName)) {
                run("virsh", "-c", uri, "destroy", domain);
                run("virsh", "-c", uri, "undefine", domain);
            }
            if (poolId != null) {
                // the libvirt pool OVM defined, in case the test failed before removing it
                run("virsh", "-c", uri, "pool-destroy", "ovm-" + poolId);
                run("virsh", "-c", uri, "pool-undefine", "ovm-" + poolId);
            }
            deleteTree(poolDir);
        }
    }

    private void aKvmHostWithALocalPool() throws Exception {
        api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage");
        hostId = api.addKvmHost("kvm1", uri);

        Reply pool = api.post("/storage-pools", Json.object("name", "local1", "type", "local",
                "uri", "file://" + poolDir, "hostId", hostId));
        assertThat(pool.status()).isEqualTo(202);
        assertThat(api.awaitTask(pool.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        poolId = pool.text("resourceId");
        JsonNode poolView = api.get("/storage-pools/" + poolId).json();
        assertThat(poolView.get("state").asText()).isEqualTo("UP");
        assertThat(poolView.get("totalBytes").asLong()).isPositive();
    }

    /** The tiny guest's disk, copied into the pool, becomes a template; a format that lies is refused. */
    private void aTemplateIsRegisteredFromAFileInThePool() throws Exception {
        Files.copy(GUEST.resolve("disk.qcow2"), poolDir.resolve("tiny.qcow2"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(poolDir.resolve("tiny.qcow2"), PosixFilePermissions.fromString("rw-r--r--"));
        Reply image = api.post("/images", Json.object("name", "tiny", "kind", "template", "format", "qcow2",
                "poolId", poolId, "volume", "tiny.qcow2", "properties", TinyGuest.templateProperties()));
        assertThat(api.awaitTask(image.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        imageId = image.text("resourceId");
        JsonNode imageView = api.get("/images/" + imageId).json();
        assertThat(imageView.get("sizeBytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(imageView.get("path").asText()).isEqualTo(poolDir.resolve("tiny.qcow2").toString());
        Reply rawLie = api.post("/images", Json.object("name", "liar", "format", "raw", "poolId", poolId,
                "volume", "tiny.qcow2"));
        JsonNode lie = api.awaitTask(rawLie.text("id"), TIMEOUT);
        assertThat(lie.get("state").asText()).isEqualTo("FAILED");
        assertThat(lie.get("error").asText()).contains("is qcow2, not raw");

        freeBefore = api.get("/storage-pools/" + poolId).json().get("availableBytes").asLong();
    }

    private void badInputIsRefusedBeforeAnythingIsCreated() throws Exception {
        assertThat(create("bad1", "imageId", "nope").text("field")).isEqualTo("imageId");
        assertThat(create("bad2", "imageId", imageId, "diskGiB", -1).text("field")).isEqualTo("diskGiB");
        assertThat(create("bad3", "imageId", imageId, "cloneMode", "deep").text("field")).isEqualTo("cloneMode");
        assertThat(create("bad4", "storagePoolId", poolId).text("field")).isEqualTo("diskGiB");
        assertThat(api.get("/volumes").json().get("total").asInt()).isZero();
    }

    /** A linked clone, backed by the template, boots to userspace and has a console and stats. */
    private void aLinkedCloneBoots() throws Exception {
        Reply linked = create(linkedName, "imageId", imageId, "start", true);
        assertThat(linked.status()).isEqualTo(202);
        JsonNode linkedTask = api.awaitTask(linked.text("id"), TIMEOUT);
        assertThat(linkedTask.get("state").asText()).as(linkedTask.toString()).isEqualTo("SUCCEEDED");
        linkedId = linked.text("resourceId");
        Path linkedDisk = poolDir.resolve(linkedName + "-disk0.qcow2");
        assertThat(run("virsh", "-c", uri, "dumpxml", linkedName)).contains(linkedDisk.toString());
        assertThat(run("qemu-img", "info", "-U", "-f", "qcow2", "--output=json", linkedDisk.toString()))
                .contains("\"backing-filename\": \"" + poolDir.resolve("tiny.qcow2") + "\"");
        serialLog = api.get("/instances/" + linkedId).json().get("details").get("serialLog").asText();
        awaitFileContains(Paths.get(serialLog), "OVM-GUEST-BOOTED", Duration.ofSeconds(90));
        JsonNode console = api.get("/instances/" + linkedId + "/console").json();
        assertThat(console.get("protocol").asText()).isEqualTo("vnc");
        assertThat(console.get("port").asInt()).isGreaterThanOrEqualTo(5900);
        assertThat(console.get("serialLog").asText()).isEqualTo(serialLog);
        assertThat(run("virsh", "-c", uri, "vncdisplay", linkedName)).endsWith(":" + (console.get("port").asInt()
                - 5900));
        JsonNode stats = api.get("/instances/" + linkedId + "/stats").json();
        assertThat(stats.get("cpuTimeNanos").asLong()).isPositive();
        assertThat(stats.get("diskReadBytes").asLong()).as("the guest read its disk").isPositive();
        assertThat(stats.get("memoryMiB").asLong()).isEqualTo(128);
    }

    /** Reboot, graceful stop (ACPI power button), start, force-off: virsh agrees at every step. */
    private void rebootStopAndStartAgreeWithVirsh() throws Exception {
        assertThat(action(linkedId, "reboot")).isEqualTo("RUNNING");
        assertThat(run("virsh", "-c", uri, "domstate", linkedName)).isEqualTo("running");
        awaitFileCount(Paths.get(serialLog), "OVM-GUEST-READY", 2, Duration.ofSeconds(90));
        assertThat(action(linkedId, "stop?timeout=60")).isEqualTo("STOPPED");
        assertThat(run("virsh", "-c", uri, "domstate", linkedName)).isEqualTo("shut off");
        assertThat(action(linkedId, "start")).isEqualTo("RUNNING");
        assertThat(run("virsh", "-c", uri, "domstate", linkedName)).isEqualTo("running");
        assertThat(action(linkedId, "stop?force=true")).isEqualTo("STOPPED");
        assertThat(run("virsh", "-c", uri, "domstate", linkedName)).isEqualTo("shut off");
    }

    private void aFullCloneHasNoBackingFile() throws Exception {
        Reply full = create(fullName, "imageId", imageId, "cloneMode", "full");
        assertThat(api.awaitTask(full.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        fullId = full.text("resourceId");
        fullDisk = poolDir.resolve(fullName + "-disk0.qcow2");
        assertThat(run("qemu-img", "info", "-f", "qcow2", "--output=json", fullDisk.toString()))
                .doesNotContain("backing-filename");
        assertThat(api.get("/volumes").json().get("total").asInt()).isEqualTo(2);
    }

    /** A standalone volume: created, attached to the (stopped) linked clone, detached, grown, deleted. */
    private void aStandaloneVolumeIsAttachedDetachedGrownAndDeleted() throws Exception {
        Reply volume = api.post("/volumes", Json.object("name", "data1.qcow2", "poolId", poolId, "sizeGiB", 1));
        assertThat(api.awaitTask(volume.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String volumeId = volume.text("resourceId");
        Path dataDisk = poolDir.resolve("data1.qcow2");
        assertThat(api.get("/volumes/" + volumeId).text("state")).isEqualTo("DETACHED");
        Reply attach = api.post("/volumes/" + volumeId + "/attach", Json.object("instanceId", linkedId));
        assertThat(api.awaitTask(attach.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run("virsh", "-c", uri, "domblklist", linkedName)).contains("vdb", dataDisk.toString());
        assertThat(api.delete("/volumes/" + volumeId).status()).as("attached").isEqualTo(409);
        Reply detach = api.post("/volumes/" + volumeId + "/detach", null);
        assertThat(api.awaitTask(detach.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run("virsh", "-c", uri, "domblklist", linkedName)).doesNotContain(dataDisk.toString());
        Reply growVolume = api.post("/volumes/" + volumeId + "/resize", Json.object("sizeGiB", 2));
        assertThat(api.awaitTask(growVolume.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run("qemu-img", "info", "-f", "qcow2", "--output=json", dataDisk.toString()))
                .contains("\"virtual-size\": " + (2L << 30));
        assertThat(api.post("/volumes/" + volumeId + "/resize", Json.object("sizeGiB", 1)).status()).isEqualTo(400);
        Reply dropVolume = api.delete("/volumes/" + volumeId);
        assertThat(api.awaitTask(dropVolume.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(dataDisk).doesNotExist();
    }

    /** Online resize of the running linked clone within its maximum; beyond it the task rolls back. */
    private void aRunningGuestResizesWithinItsMaximumOnly() throws Exception {
        assertThat(api.post("/instances/" + linkedId + "/start", null).status()).isEqualTo(202);
        api.awaitGet("/instances/" + linkedId, r -> "RUNNING".equals(r.text("state")), Duration.ofSeconds(30));
        long beforeShrink = allocatedMemoryMiB();
        Reply shrink = api.post("/instances/" + linkedId + "/resize", Json.object("memoryMiB", 96));
        assertThat(api.awaitTask(shrink.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run("virsh", "-c", uri, "dumpxml", "--inactive", linkedName))
                .contains("<currentMemory unit='KiB'>98304<");
        assertThat(run("virsh", "-c", uri, "domstate", linkedName)).isEqualTo("running");
        assertThat(allocatedMemoryMiB()).isEqualTo(beforeShrink - 32);
        Reply grow = api.post("/instances/" + linkedId + "/resize", Json.object("memoryMiB", 256));
        JsonNode growTask = api.awaitTask(grow.text("id"), TIMEOUT);
        assertThat(growTask.get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(growTask.get("error").asText()).contains("while running");
        assertThat(allocatedMemoryMiB()).isEqualTo(beforeShrink - 32);
        assertThat(api.get("/instances/" + linkedId).json().get("memoryMiB").asLong()).isEqualTo(96);
    }

    private void theStoppedFullCloneResizesOffline() throws Exception {
        long allocated = allocatedMemoryMiB();
        Reply resize = api.post("/instances/" + fullId + "/resize", Json.object("cpus", 2, "memoryMiB", 192));
        assertThat(api.awaitTask(resize.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String dominfo = run("virsh", "-c", uri, "dominfo", fullName);
        assertThat(dominfo).containsPattern("CPU\\(s\\):\\s+2").containsPattern("Max memory:\\s+196608 KiB");
        assertThat(run("virsh", "-c", uri, "dumpxml", "--inactive", "--security-info", fullName))
                .as("a redefined guest keeps its VNC password (its console stays closed but to tickets)")
                .containsPattern("<graphics type='vnc'[^>]* passwd='");
        assertThat(allocatedMemoryMiB()).isEqualTo(allocated + 64);
        assertThat(api.get("/instances/" + fullId).json().get("cpus").asInt()).isEqualTo(2);
    }

    /** Snapshot, change, revert: the change is gone. */
    private void aRevertedSnapshotUndoesAChange() throws Exception {
        Reply snap = api.post("/instances/" + fullId + "/snapshots", Json.object("name", "before"));
        assertThat(api.awaitTask(snap.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode snapshots = api.get("/instances/" + fullId + "/snapshots").json();
        assertThat(snapshots.get("total").asInt()).isEqualTo(1);
        String snapshotId = snapshots.get("items").get(0).get("id").asText();
        assertThat(api.post("/instances/" + fullId + "/snapshots", Json.object("name", "before")).status())
                .as("duplicate snapshot name").isEqualTo(409);
        String wrote = run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 64k", fullDisk.toString());
        assertThat(wrote).contains("wrote 65536/65536");
        assertThat(run("qemu-io", "-f", "qcow2", "-c", "read -P 0x5a 0 64k", fullDisk.toString()))
                .doesNotContain("Pattern verification failed");
        Reply revert = api.post("/instances/" + fullId + "/snapshots/" + snapshotId + "/revert", null);
        assertThat(api.awaitTask(revert.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run("qemu-io", "-f", "qcow2", "-c", "read -P 0 0 64k", fullDisk.toString()))
                .as("the write after the snapshot is gone").contains("read 65536/65536")
                .doesNotContain("Pattern verification failed");
        Reply dropSnapshot = api.delete("/instances/" + fullId + "/snapshots/" + snapshotId);
        assertThat(api.awaitTask(dropSnapshot.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/instances/" + fullId + "/snapshots").json().get("total").asInt()).isZero();
        assertThat(api.delete("/images/" + imageId).status()).as("a linked clone uses it").isEqualTo(409);
    }

    /** Delete both clones: no domain and no volume file remain, the pool's space returns, the template can go. */
    private void deletingLeavesNoDomainAndNoVolume() throws Exception {
        for (String id : List.of(linkedId, fullId)) {
            assertThat(api.awaitTask(api.delete("/instances/" + id).text("id"), TIMEOUT).get("state").asText())
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(run("virsh", "-c", uri, "list", "--all", "--name")).doesNotContain(linkedName, fullName);
        assertThat(filesInPool()).containsExactly("tiny.qcow2");
        assertThat(api.get("/volumes").json().get("total").asInt()).isZero();
        long freeAfter = api.get("/storage-pools/" + poolId).json().get("availableBytes").asLong();
        // a dir pool's free space is its file system's: allow for other writers on the machine
        assertThat(Math.abs(freeAfter - freeBefore)).as("the pool's free space returns").isLessThan(256L << 20);
        assertThat(api.delete("/images/" + imageId).status()).isEqualTo(204);
    }

    /**
     * Uploads: a self-contained qcow2 is stored and registered; one naming a backing or external
     * data file is refused before a byte reaches the host.
     */
    private void uploadsRefuseBackingAndExternalDataFiles() throws Exception {
        Reply uploaded = api.upload("/images/upload?name=uploaded&format=qcow2&poolId=" + poolId,
                GUEST.resolve("disk.qcow2"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.text("path")).isEqualTo(poolDir.resolve("uploaded.qcow2").toString());
        assertThat(uploaded.json().get("sizeBytes").asLong()).isEqualTo(64L * 1024 * 1024);
        uploadedId = uploaded.text("id");
        Path work = Files.createTempDirectory("evil");
        try {
            Path backed = work.resolve("backed.qcow2");
            run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", "/etc/hostname", backed.toString(),
                    "1M");
            Reply refused = api.upload("/images/upload?name=evil&format=qcow2&poolId=" + poolId, backed);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text("detail")).contains("backing file");
            Path dataFile = work.resolve("datafile.qcow2");
            run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + work.resolve("data.raw"),
                    dataFile.toString(), "1M");
            Reply refused2 = api.upload("/images/upload?name=evil2&format=qcow2&poolId=" + poolId, dataFile);
            assertThat(refused2.status()).isEqualTo(400);
            assertThat(refused2.text("detail")).contains("external data file");
            assertThat(api.upload("/images/upload?name=evil3&format=raw&poolId=" + poolId,
                    GUEST.resolve("disk.qcow2")).status()).as("qcow2 sent as raw").isEqualTo(400);
        } finally {
            deleteTree(work);
        }
        assertThat(filesInPool()).containsExactlyInAnyOrder("tiny.qcow2", "uploaded.qcow2");
        assertThat(api.get("/images?name=evil").json().get("total").asInt()).isZero();
    }

    /** An ISO install: the uploaded ISO is attached as a CD-ROM beside an empty disk, and stays afterwards. */
    private void anIsoInstallAttachesTheIsoAsACdrom() throws Exception {
        Path isoDir = Files.createTempDirectory("iso");
        Path iso = isoDir.resolve("install.iso");
        try {
            Files.writeString(isoDir.resolve("README"), "OVM test ISO");
            run("genisoimage", "-quiet", "-R", "-V", "OVMTEST", "-o", iso.toString(),
                    isoDir.resolve("README").toString());
            Reply isoImage = api.upload("/images/upload?name=install&format=iso&poolId=" + poolId, iso);
            assertThat(isoImage.status()).as(isoImage.body()).isEqualTo(201);
            assertThat(isoImage.text("kind")).isEqualTo("iso");
            String isoName = "iso-install-" + Long.toHexString(System.nanoTime());
            Reply withIso = create(isoName, "isoImageId", isoImage.text("id"), "storagePoolId", poolId, "diskGiB", 1);
            assertThat(api.awaitTask(withIso.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            String xml = run("virsh", "-c", uri, "dumpxml", isoName);
            assertThat(xml).contains("device='cdrom'", poolDir.resolve("install.iso").toString(), "<readonly/>");
            assertThat(api.awaitTask(api.delete("/instances/" + withIso.text("resourceId")).text("id"), TIMEOUT)
                    .get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(poolDir.resolve("install.iso")).as("the ISO stays for the next install").exists();
            assertThat(api.delete("/images/" + isoImage.text("id")).status()).isEqualTo(204);
            Files.delete(poolDir.resolve("install.iso"));
        } finally {
            deleteTree(isoDir);
        }
    }

    private void theLastImageAndThePoolAreRemoved() throws Exception {
        assertThat(api.delete("/images/" + uploadedId).status()).isEqualTo(204);
        assertThat(api.awaitTask(api.delete("/storage-pools/" + poolId).text("id"), TIMEOUT).get("state")
                .asText()).isEqualTo("SUCCEEDED");
    }

    private String action(String id, String action) throws Exception {
        Reply reply = api.post("/instances/" + id + "/" + action, null);
        assertThat(reply.status()).as(action).isEqualTo(202);
        assertThat(api.awaitTask(reply.text("id"), TIMEOUT).get("state").asText()).as(action).isEqualTo("SUCCEEDED");
        return api.get("/instances/" + id).text("state");
    }

    /** POSTs an instance of 1 vCPU and 128 MiB on the KVM host, with the extra name/value pairs. */
    private Reply create(String name, Object... extra) throws Exception {
        List<Object> pairs = new ArrayList<>(List.of("name", name, "cpus", 1, "memoryMiB", 128, "hostId", hostId));
        pairs.addAll(List.of(extra));
        return api.post("/instances", Json.object(pairs.toArray()));
    }

    private long allocatedMemoryMiB() throws Exception {
        return api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong();
    }

    private List<String> filesInPool() throws Exception {
        try (Stream<Path> files = Files.list(poolDir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void awaitFileContains(Path file, String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(marker)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(file + " did not show " + marker + " within " + timeout + ": "
                + (Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(no file)"));
    }

    /** Waits until the marker appears {@code count} times (a reboot boots the guest again). */
    private static void awaitFileCount(Path file, String marker, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            if (text.split(java.util.regex.Pattern.quote(marker), -1).length - 1 >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(file + " did not show " + marker + " " + count + " times within " + timeout);
    }
}
