package org.ovm.plugin.kvm.internal;

import java.time.Instant;
import java.util.Map;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.ConsoleEndpoint;
import org.ovm.spi.hypervisor.InstanceStats;

/**
 * What a running domain shows: where its VNC console listens (with a one-time password when it is
 * opened) and its counters (CPU time, memory, disk and NIC bytes). The serial console is
 * {@link KvmSerialConsole}. Blocking; called on the kernel's executor.
 */
final class KvmConsoles {

    /** {@code VIR_DOMAIN_XML_SECURE}: the XML with passwords (the connection must be privileged). */
    private static final int SECURE_XML = 1;

    private KvmConsoles() {
    }

    /** Where the running domain's VNC listens; with a fresh one-time password when {@code open}. */
    static ConsoleEndpoint console(Connect connect, String backendId, boolean open) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        if (domain.isActive() == 0) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " is not running");
        }
        // opening needs the password attribute too: one read of the secure XML serves both
        String xml = domain.getXMLDesc(open ? SECURE_XML : 0);
        Map<String, String> details = DomainXml.details(xml);
        int port = Math.max(Integer.parseInt(details.getOrDefault("vncPort", "0")), 0);
        String password = null;
        String[] current = open && port > 0 ? DomainXml.currentVncPassword(xml) : null;
        if (current != null) {
            // QEMU's VNC takes a new password live; it stops opening connections after the deadline.
            // (Domains defined elsewhere without one keep a console without authentication.)
            Instant now = Instant.now();
            password = ConsolePasswords.reusable(current[0], current[1], now);
            if (password == null) {
                password = ConsolePasswords.next();
                domain.updateDeviceFlags(DomainXml.vncPassword(xml, password, ConsolePasswords.deadline(now)),
                        Domain.DeviceModifyFlags.LIVE);
            }
        }
        return new ConsoleEndpoint("vnc", details.getOrDefault("vncListen", "127.0.0.1"), port,
                details.get("serialLog"), password);
    }

    /** CPU time and memory while it runs, and the bytes its disks and NICs moved (0 when stopped). */
    static InstanceStats stats(Connect connect, String backendId) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        DomainInfo info = domain.getInfo();
        long rd = 0;
        long wr = 0;
        long rx = 0;
        long tx = 0;
        if (domain.isActive() == 1) {
            Map<String, String> details = DomainXml.details(domain.getXMLDesc(0));
            for (String disk : details.getOrDefault("diskTargets", "").split(",")) {
                if (!disk.isEmpty()) {
                    var block = domain.blockStats(disk);
                    rd += block.rd_bytes;
                    wr += block.wr_bytes;
                }
            }
            for (String nic : details.getOrDefault("nicTargets", "").split(",")) {
                if (!nic.isEmpty()) {
                    var net = domain.interfaceStats(nic);
                    rx += net.rx_bytes;
                    tx += net.tx_bytes;
                }
            }
        }
        boolean running = domain.isActive() == 1;
        return new InstanceStats(Instant.now(), running ? info.cpuTime : 0, running ? info.memory / 1024 : 0, rd, wr,
                rx, tx);
    }
}
