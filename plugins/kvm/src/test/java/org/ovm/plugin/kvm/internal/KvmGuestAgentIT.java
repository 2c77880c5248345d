package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.plugin.kvm.internal.KvmSharedStorageIT.await;
import static org.ovm.plugin.kvm.internal.KvmSharedStorageIT.qemuImg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VmSpec;
import org.w3c.dom.Element;

/**
 * Backups through the QEMU guest agent with real QEMU guests (TCG, 128 MiB) on the shared libvirtd:
 * the tiny guest started with {@code ovm.agent=1} runs the minimal agent of
 * {@code scripts/tiny-guest.sh}, so its backup (onto the NFS server) is quiesced and the guest says
 * on its console that it was frozen and thawed; a guest without an agent, and one whose agent never
 * answers ({@code ovm.agent=mute}), get crash-consistent backups without a long wait. Needs
 * {@code ./ovm backends up} (KVM_URI, NFS_URI, NFS_EXPORT). Guests are named
 * {@code ovm-ga-it-*} and removed afterwards.
 */
class KvmGuestAgentIT {

    private static final Duration CALL = Duration.ofMinutes(3);
    /** Files the guests use (readable by QEMU). */
    private static final Path WORK = Path.of("/var/lib/ovm-it/guest-agent");
    /** Backups on NFS go to this directory, made through NFS ({@link NfsFiles}). */
    private static final String BACKUP_DIR = "ovm-ga-it";

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final KvmHypervisorDriver driver = new KvmHypervisorDriver();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final HostEndpoint host = new HostEndpoint("host1", KvmSharedStorageIT.env("KVM_URI"), null, null,
            Map.of("domainType", "qemu"));
    private final List<String> guests = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<String> nfsFiles = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (String guest : guests) {
                await(driver.undefine(ctx(), host, guest));
            }
        } finally {
            driver.close();
            executor.shutdownNow();
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            for (String file : nfsFiles) {
                NfsFiles.delete(KvmSharedStorageIT.env("NFS_EXPORT"), BACKUP_DIR + "/" + file);
            }
        }
    }

    @Test
    void aGuestRunningTheAgentIsFrozenForItsBackupAndThawedAfterwards() throws Exception {
        String disk = disk("agent");
        InstanceInfo guest = boot("agent", disk, "ovm.agent=1");
        waitFor("agent", "OVM-GUEST-AGENT 1", Duration.ofSeconds(30));
        assertThat(waitForChannelState(guest.backendId(), "connected")).isEqualTo("connected");
        // something on the disk the backup must hold
        command(guest.backendId(), "agent", "echo OVM-IT-AGENT-MARK | dd of=/dev/vda bs=512 conv=sync,fsync "
                + "2>/dev/null && echo OVM-IT-MARK-$((6*7))-WRITTEN", "OVM-IT-MARK-42-WRITTEN");

        NfsFiles.mkdir(KvmSharedStorageIT.env("NFS_EXPORT"), BACKUP_DIR);
        String backup = KvmSharedStorageIT.env("NFS_URI") + "/" + BACKUP_DIR + "/" + id + "-agent-backup.qcow2";
        nfsFiles.add(id + "-agent-backup.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", backup + "?uid=64055&gid=107", "64M");
        String consistency = await(driver.backupDisk(ctx(), host, guest.backendId(), disk,
                new DiskSpec(backup, "qcow2", null, false), Progress.NONE));

        assertThat(consistency).isEqualTo(DiskBackupSupport.QUIESCED);
        String console = serial("agent");
        int frozen = console.indexOf("OVM-GUEST-FROZEN");
        int thawed = console.indexOf("OVM-GUEST-THAWED");
        assertThat(frozen).as("the agent froze the guest: " + tail("agent")).isPositive();
        assertThat(thawed).as("and thawed it afterwards: " + tail("agent")).isGreaterThan(frozen);
        // the guest keeps running and answers on its console
        command(guest.backendId(), "agent", "echo OVM-IT-ALIVE-$((6*7))", "OVM-IT-ALIVE-42");
        InstanceInfo after = await(driver.findInstance(ctx(), host, guest.backendId())).orElseThrow();
        assertThat(after.state()).isEqualTo(PowerState.RUNNING);
        assertThat(after.details().get("disks")).isEqualTo("vda=" + disk);
        assertThat(firstBytes(backup)).startsWith("OVM-IT-AGENT-MARK");
    }

    @Test
    void aGuestWithoutAnAnsweringAgentGetsACrashConsistentBackupWithoutALongWait() throws Exception {
        String plainDisk = disk("plain");
        InstanceInfo plain = boot("plain", plainDisk, "");
        String muteDisk = disk("mute");
        InstanceInfo mute = boot("mute", muteDisk, "ovm.agent=mute");
        waitFor("mute", "OVM-GUEST-AGENT mute", Duration.ofSeconds(30));

        // no agent opened the port: libvirt knows, and the agent is not even asked
        assertThat(channelState(plain.backendId())).isEqualTo("disconnected");
        assertThat(timeToFreeze(plain.backendId())).isLessThan(Duration.ofSeconds(1));
        // an agent that opened the port and never answers: bounded by GuestAgent.PING_SECONDS
        assertThat(waitForChannelState(mute.backendId(), "connected")).isEqualTo("connected");
        Duration silent = timeToFreeze(mute.backendId());
        System.out.println("a silent guest agent held the freeze for " + silent.toMillis() + " ms");
        assertThat(silent).isBetween(Duration.ofSeconds(GuestAgent.PING_SECONDS - 1),
                Duration.ofSeconds(GuestAgent.PING_SECONDS + 2));

        for (String[] guest : List.of(new String[] {plain.backendId(), plainDisk, "plain"},
                new String[] {mute.backendId(), muteDisk, "mute"})) {
            Path backup = WORK.resolve(id + "-" + guest[2] + "-backup.qcow2");
            files.add(backup);
            qemuImg("create", "-q", "-f", "qcow2", backup.toString(), "64M");
            Instant start = Instant.now();
            String consistency = await(driver.backupDisk(ctx(), host, guest[0], guest[1],
                    new DiskSpec(backup.toString(), "qcow2", null, false), Progress.NONE));
            System.out.println("backup of the " + guest[2] + " guest: " + consistency + " in "
                    + Duration.between(start, Instant.now()).toMillis() + " ms");
            assertThat(consistency).as(guest[2]).isEqualTo(DiskBackupSupport.CRASH);
            assertThat(serial(guest[2])).doesNotContain("OVM-GUEST-FROZEN");
            assertThat(await(driver.findInstance(ctx(), host, guest[0])).orElseThrow().state())
                    .isEqualTo(PowerState.RUNNING);
        }
    }

    /** How long {@link GuestAgent#freeze} takes on the guest; it must not freeze it (no answering agent). */
    private Duration timeToFreeze(String backendId) throws Exception {
        Connect connect = new Connect(host.uri());
        try {
            Domain domain = connect.domainLookupByUUIDString(backendId);
            Instant start = Instant.now();
            assertThat(GuestAgent.freeze(domain)).isFalse();
            return Duration.between(start, Instant.now());
        } finally {
            connect.close();
        }
    }

    /** An empty 64 MiB qcow2 for a guest. */
    private String disk(String name) throws Exception {
        Files.createDirectories(WORK);
        Path disk = WORK.resolve(id + "-" + name + ".qcow2");
        files.add(disk);
        qemuImg("create", "-q", "-f", "qcow2", disk.toString(), "64M");
        return disk.toString();
    }

    /** Defines and boots a tiny guest with {@code arguments} on its kernel command line. */
    private InstanceInfo boot(String name, String disk, String arguments) throws Exception {
        Path guest = KvmQemuContractIT.tinyGuest();
        Path log = WORK.resolve(id + "-" + name + "-serial.log");
        files.add(log);
        VmSpec spec = new VmSpec("ovm-ga-it-" + id + "-" + name, 1, 128,
                List.of(new DiskSpec(disk, "qcow2", null, false)), List.of(),
                Map.of("kernel", guest.resolve("vmlinuz").toString(), "initrd", guest.resolve("initrd.img").toString(),
                        "cmdline", ("console=ttyS0 quiet " + arguments).trim(), "serialLog", log.toString()));
        InstanceInfo defined = await(driver.define(ctx(), host, spec));
        guests.add(defined.backendId());
        InstanceInfo started = await(driver.start(ctx(), host, defined.backendId()));
        waitFor(name, "OVM-GUEST-READY", Duration.ofSeconds(90));
        return started;
    }

    /** Types a command line on the guest's serial console and waits for {@code marker} in its log. */
    private void command(String backendId, String guest, String line, String marker) throws Exception {
        TerminalSupport.Session console = await(driver.openSerialConsole(ctx(), host, backendId, bytes -> {
        }));
        try {
            console.write((line + "\r").getBytes(StandardCharsets.US_ASCII));
            // queued keystrokes are sent by the console's thread: close only once the guest answered
            waitFor(guest, marker, Duration.ofSeconds(30));
        } finally {
            console.close();
        }
    }

    /** The {@code state} libvirt gives the guest agent channel in the live XML ("" when it has none). */
    private String channelState(String backendId) throws Exception {
        Connect connect = new Connect(host.uri());
        try {
            String xml = connect.domainLookupByUUIDString(backendId).getXMLDesc(0);
            Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
            for (Element channel : Xml.children(devices, "channel")) {
                Element target = Xml.child(channel, "target");
                if (GuestAgent.CHANNEL.equals(target.getAttribute("name"))) {
                    return target.getAttribute("state");
                }
            }
            return "";
        } finally {
            connect.close();
        }
    }

    private String waitForChannelState(String backendId, String state) throws Exception {
        Instant until = Instant.now().plusSeconds(30);
        String current = channelState(backendId);
        while (!state.equals(current) && Instant.now().isBefore(until)) {
            Thread.sleep(250);
            current = channelState(backendId);
        }
        return current;
    }

    private void waitFor(String guest, String marker, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (serial(guest).contains(marker)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + marker + " on the serial console of the " + guest + " guest: " + tail(guest));
    }

    private String serial(String guest) throws Exception {
        Path log = WORK.resolve(id + "-" + guest + "-serial.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private String tail(String guest) throws Exception {
        String all = serial(guest);
        return all.substring(Math.max(0, all.length() - 600));
    }

    /** The first 512 bytes of a qcow2 image (local or nfs://), as text. */
    private String firstBytes(String image) throws Exception {
        Path out = WORK.resolve(id + "-read.bin");
        files.add(out);
        qemuImg("dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1", "if=" + image, "of=" + out);
        return new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
    }

    private OperationContext ctx() {
        return new OperationContext("it-" + UUID.randomUUID(), Instant.now().plus(CALL), "it", executor);
    }
}
