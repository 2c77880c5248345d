package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.testkit.ContractSupport;

/**
 * Why the driver may claim LINKED_CLONE: a guest of the real libvirt ({@code KVM_URI}) whose disk is a linked
 * clone the driver made on the real NFS server, attached as a network disk by its plain URL, reads its
 * template's data through the backing file (created by the engine as root, owned by QEMU's user) and writes
 * into the clone only. Needs {@code ./ovm backends up} (libvirt and the NFS server) and the tiny guest of
 * {@code scripts/tiny-guest.sh}.
 */
class NfsLinkedCloneGuestIT extends ContractSupport {

    private static final Path GUEST = Path.of("/var/lib/ovm-it/guest");
    private static final long MIB = 1024L * 1024;

    @Test
    void aGuestReadsTheTemplateThroughAPlainUrlBackingFileAndWritesIntoTheClone() throws Exception {
        String kvm = System.getenv("KVM_URI");
        if (kvm == null || kvm.isBlank()) {
            throw new IllegalStateException("KVM_URI is not set: start the real backends with './ovm backends up' "
                    + "and export the lines of './ovm backends env' (./ovm test does both)");
        }
        ensureGuest();
        NfsStorageDriver driver = new NfsStorageDriver();
        PoolSpec pool = NfsBackend.pool("i16-nfs-guest");
        HostEndpoint host = NfsBackend.host();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String templateName = "i16-nfs-" + id + "-template.qcow2";
        String cloneName = "i16-nfs-" + id + "-clone.qcow2";
        String domain = "i16-nfs-guest-" + id;
        Path socket = Path.of("/tmp/" + domain + ".sock");
        Path log = Path.of("/tmp/" + domain + ".log");
        Path local = Files.createTempFile("i16-nfs-template", ".qcow2");
        Path xml = Files.createTempFile("i16-nfs-domain", ".xml");
        boolean started = false;
        try {
            await(driver.attachPool(ctx(), pool, host));
            NfsBackend.run("qemu-img", "create", "-q", "-f", "qcow2", local.toString(), "64M");
            NfsBackend.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 0 1M", local.toString());
            byte[] bytes = Files.readAllBytes(local);
            VolumeInfo template = await(driver.uploadVolume(ctx(), pool, host, templateName, "qcow2", bytes.length,
                    new ByteArrayInputStream(bytes)));
            VolumeInfo clone = await(driver.createVolume(ctx(), pool, host, new VolumeSpec(cloneName, 64 * MIB, "qcow2",
                    template.path(), "qcow2", true)));
            assertThat(clone.backingPath()).isEqualTo(template.path());

            String path = clone.path().substring(("nfs://" + NfsLocation.of(pool).server()).length());
            Files.writeString(xml, """
                    <domain type='qemu'>
                      <name>%s</name>
                      <memory unit='MiB'>128</memory>
                      <vcpu>1</vcpu>
                      <os><type arch='x86_64'>hvm</type><kernel>%s/vmlinuz</kernel><initrd>%s/initrd.img</initrd>
                        <cmdline>console=ttyS0 quiet</cmdline></os>
                      <devices>
                        <disk type='network' device='disk'>
                          <driver name='qemu' type='qcow2' cache='none' error_policy='stop'/>
                          <source protocol='nfs' name='%s'><host name='%s'/></source>
                          <target dev='vda' bus='virtio'/>
                        </disk>
                        <serial type='unix'><source mode='bind' path='%s'/><log file='%s' append='off'/>
                          <target port='0'/></serial>
                      </devices>
                    </domain>
                    """.formatted(domain, GUEST, GUEST, path, NfsLocation.of(pool).server(), socket, log));
            NfsBackend.run("virsh", "-c", kvm, "create", xml.toString());
            started = true;
            try (SocketChannel console = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                console.connect(UnixDomainSocketAddress.of(socket));
                console.configureBlocking(false);
                awaitLog(log, "OVM-GUEST-READY", Duration.ofSeconds(120), console);
                type(console, "echo R-$(dd if=/dev/vda bs=1M count=1 2>/dev/null | od -An -tx1 | sort -u | tr -d ' *\\n')-E\n");
                awaitLog(log, "R-" + "ab".repeat(16) + "-E", Duration.ofSeconds(60), console);
                type(console, "dd if=/dev/zero bs=64k count=1 2>/dev/null | tr '\\000' '\\315' | dd of=/dev/vda bs=64k "
                        + "seek=64 conv=fsync 2>/dev/null; echo WROTE $?\n");
                awaitLog(log, "WROTE 0", Duration.ofSeconds(60), console);
            }
            NfsBackend.run("virsh", "-c", kvm, "destroy", domain);
            started = false;
            NfsBackend.run("qemu-io", "-f", "qcow2", "-r", "-c", "read -P 0xcd 4M 64k", clone.path());
            NfsBackend.run("qemu-io", "-f", "qcow2", "-r", "-c", "read -P 0 4M 64k", template.path());
        } finally {
            if (started) {
                new ProcessBuilder("virsh", "-c", kvm, "destroy", domain).start().waitFor();
            }
            await(driver.deleteVolume(ctx(), pool, host, cloneName));
            await(driver.deleteVolume(ctx(), pool, host, templateName));
            Files.deleteIfExists(local);
            Files.deleteIfExists(xml);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(log);
        }
    }

    private static void ensureGuest() throws Exception {
        if (!Files.exists(GUEST.resolve("initrd.img"))) {
            Path repo = Path.of(System.getProperty("ovm.repo", "../..")).toAbsolutePath().normalize();
            NfsBackend.run(repo.resolve("scripts/tiny-guest.sh").toString(), GUEST.toString());
        }
    }

    private static void type(SocketChannel console, String line) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            console.write(bytes);
        }
    }

    /**
     * Waits for a line of the guest's serial log that starts with {@code text} (not the echo of what was typed),
     * reading the console meanwhile: a serial port whose client reads nothing stops writing, to the log too.
     */
    private static void awaitLog(Path log, String text, Duration timeout, SocketChannel console) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String content = "";
        ByteBuffer drain = ByteBuffer.allocate(8192);
        while (Instant.now().isBefore(deadline)) {
            while (console.read(drain) > 0) {
                drain.clear();
            }
            if (Files.exists(log)) {
                content = Files.readString(log, StandardCharsets.ISO_8859_1);
                for (String line : content.split("[\r\n]+")) {
                    if (line.strip().startsWith(text)) {
                        return;
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the guest did not print " + text + " within " + timeout.toSeconds() + " s; its "
                + "console said:\n" + content);
    }
}
