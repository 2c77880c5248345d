package org.ovm.plugin.kvm.internal;

import static org.ovm.plugin.kvm.internal.KvmSharedStorageIT.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * The moving-storage ITs' guest: the tiny guest booted from a disk with its serial console logged to a file; it
 * marks its disk, then prints a tick each second that reads the mark back and writes the disk, so that a test sees
 * it keep running (and keep reaching its disk) across a migration. Its counter goes on across a migration although
 * the target starts the log afresh (append off).
 */
final class TickingGuest {

    private static final Pattern TICK = Pattern.compile("OVM-IT-TICK-(\\d+) OVM-IT-MARK");

    private final KvmHypervisorDriver driver;
    private final Supplier<OperationContext> ctx;
    private final String name;
    private final Path serialLog;

    TickingGuest(KvmHypervisorDriver driver, Supplier<OperationContext> ctx, String name, Path serialLog) {
        this.driver = driver;
        this.ctx = ctx;
        this.name = name;
        this.serialLog = serialLog;
    }

    /** Defines and boots the guest on {@code host} with {@code disk} as vda, then starts its ticks. */
    InstanceInfo boot(HostEndpoint host, String disk) throws Exception {
        Path guest = KvmQemuContractIT.tinyGuest();
        Files.createDirectories(serialLog.getParent());
        VmSpec spec = new VmSpec(name, 1, 128, List.of(new DiskSpec(disk, "qcow2", null, false)), List.of(), Map.of(
                "kernel", guest.resolve("vmlinuz").toString(), "initrd", guest.resolve("initrd.img").toString(),
                "cmdline", "console=ttyS0 quiet", "serialLog", serialLog.toString()));
        InstanceInfo defined = await(driver.define(ctx.get(), host, spec));
        InstanceInfo started = await(driver.start(ctx.get(), host, defined.backendId()));
        waitFor("OVM-GUEST-READY", Duration.ofSeconds(90));
        TerminalSupport.Session console = await(driver.openSerialConsole(ctx.get(), host, defined.backendId(),
                bytes -> {
                }));
        try {
            console.write(("echo OVM-IT-MARK | dd of=/dev/vda bs=512 conv=sync,fsync 2>/dev/null; "
                    + "(i=0; while true; do i=$((i+1)); echo OVM-IT-TICK-$i "
                    + "$(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 11); "
                    + "dd if=/dev/urandom of=/dev/vda bs=64k count=1 seek=$((16+i%64)) conv=fsync 2>/dev/null; "
                    + "sleep 1; done) &\r").getBytes(StandardCharsets.US_ASCII));
            waitFor("OVM-IT-TICK-2 OVM-IT-MARK", Duration.ofSeconds(30));
        } finally {
            console.close();
        }
        return started;
    }

    /** The last tick that still read the mark from the disk. */
    int ticks() throws Exception {
        int last = 0;
        Matcher m = TICK.matcher(serial());
        while (m.find()) {
            last = Math.max(last, Integer.parseInt(m.group(1)));
        }
        return last;
    }

    /** Waits for at least three more ticks, each still reading the mark from the disk. */
    void waitForMoreTicks(int before) throws Exception {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            if (ticks() >= before + 3) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the guest stopped printing ticks after tick " + before + ": " + tail());
    }

    void waitFor(String marker, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (serial().contains(marker)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + marker + " on the serial console: " + tail());
    }

    String serial() throws Exception {
        return Files.exists(serialLog) ? Files.readString(serialLog, StandardCharsets.ISO_8859_1) : "";
    }

    String tail() throws Exception {
        String all = serial();
        return all.substring(Math.max(0, all.length() - 600));
    }
}
