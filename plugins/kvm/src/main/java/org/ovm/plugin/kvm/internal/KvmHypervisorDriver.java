package org.ovm.plugin.kvm.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.ovm.lib.libvirt.LibvirtConnections;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.BlockCopySupport;
import org.ovm.spi.hypervisor.ConsoleEndpoint;
import org.ovm.spi.hypervisor.ConsoleSupport;
import org.ovm.spi.hypervisor.DiskAttachSupport;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.MigrationSupport;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.ResizeSupport;
import org.ovm.spi.hypervisor.SerialConsoleSupport;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.SnapshotSupport;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * Drives KVM/QEMU hosts through libvirt: probes facts, discovers domains and runs their
 * lifecycle. Every libvirt call is blocking and runs on the kernel's executor.
 */
public final class KvmHypervisorDriver implements HypervisorDriver, SnapshotSupport, ConsoleSupport, StatsSupport,
        ResizeSupport, DiskAttachSupport, SerialConsoleSupport, BlockCopySupport, MigrationSupport, PauseSupport,
        DiskBackupSupport {

    /** How often a graceful stop checks whether the guest is down. */
    static final long STOP_POLL_MILLIS = 250;
    /** Time kept back from the deadline to force a stop the guest ignored. */
    static final long FORCE_MARGIN_MILLIS = 5_000;
    /** Host setting: the address QEMU's VNC listens on for guests OVM defines there (an IP literal). */
    static final String CONSOLE_LISTEN_SETTING = "consoleListen";
    private static final Pattern IP_LITERAL = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3})|([0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7})");

    /**
     * Where guests' consoles listen on this host: the host's {@code consoleListen} setting, or the
     * loopback. A remote host's consoles need an address the engine reaches (its own, or 0.0.0.0);
     * every console has a one-time password, so listening there does not open it.
     */
    static String consoleListen(HostEndpoint host) {
        String listen = host.settings().get(CONSOLE_LISTEN_SETTING);
        if (listen == null || listen.isBlank()) {
            return "127.0.0.1";
        }
        if (!IP_LITERAL.matcher(listen).matches()) {
            throw new DriverException(ErrorCode.INVALID, "host setting " + CONSOLE_LISTEN_SETTING + "=" + listen
                    + " is not an IP address (e.g. 0.0.0.0, or the host's own address)");
        }
        return listen;
    }

    /** {@code VIR_DOMAIN_XML_SECURE}: the XML with passwords (the connection must be privileged). */
    private static final int SECURE_XML = 1;
    /** {@code VIR_DOMAIN_XML_INACTIVE}: the persistent definition (with SECURE when it is redefined: keeps the VNC password). */
    private static final int INACTIVE_XML = 2;

    /** Where a guest's serial console is logged on its host (libvirt's own log directory). */
    static final String SERIAL_LOG_DIR = "/var/log/libvirt/qemu/";
    /** libvirt undefine flags: managed save, snapshot metadata, NVRAM. */
    private static final int UNDEFINE_FLAGS = 1 | 2 | 4;

    private final LibvirtConnections connections = new LibvirtConnections();
    private final Semaphore serialSlots = new Semaphore(KvmSerialConsole.MAX_OPEN);

    @FunctionalInterface
    interface LibvirtCall<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    @Override
    public String type() {
        return "kvm";
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return EnumSet.of(HypervisorCapability.DISCOVERY, HypervisorCapability.GRACEFUL_STOP,
                HypervisorCapability.CONSOLE, HypervisorCapability.SNAPSHOT, HypervisorCapability.HOT_RESIZE,
                HypervisorCapability.LIVE_MIGRATION);
    }

    /** QEMU's OUI, which guests' drivers and tools expect of a virtio or e1000 NIC. */
    @Override
    public String macPrefix() {
        return "52:54:00";
    }

    /** What QEMU boots from and attaches: its own format first, then raw. */
    @Override
    public List<String> diskFormats() {
        return List.of("qcow2", "raw");
    }

    @Override
    public CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host) {
        return call(ctx, host, "probe", connect -> {
            NodeInfo node = connect.nodeInfo();
            HostCapabilities caps = HostCapabilities.parse(connect.getCapabilities());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("hostname", connect.getHostName());
            details.put("libvirtVersion", version(connect.getLibVirVersion()));
            details.put("arch", caps.arch());
            details.put("domainTypes", String.join(",", caps.domainTypes()));
            details.put("domainType", caps.chooseDomainType(host.settings().get(HostCapabilities.DOMAIN_TYPE_SETTING)));
            details.put(CONSOLE_LISTEN_SETTING, consoleListen(host));
            details.put("sockets", String.valueOf(node.sockets));
            details.put("cores", String.valueOf(node.cores));
            details.put("threads", String.valueOf(node.threads));
            details.put("mhz", String.valueOf(node.mhz));
            String model = "unknown".equals(caps.cpuModel()) ? node.model : caps.cpuModel();
            return new HostFacts(model, node.cpus, node.memory / 1024, hypervisorVersion(connect), details);
        });
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        return call(ctx, host, "list domains", connect -> {
            List<InstanceInfo> all = new ArrayList<>();
            for (int id : connect.listDomains()) {
                addIfPresent(all, () -> connect.domainLookupByID(id));
            }
            for (String name : connect.listDefinedDomains()) {
                addIfPresent(all, () -> connect.domainLookupByName(name));
            }
            return all;
        });
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return call(ctx, host, "look up domain " + backendId, connect -> {
            Domain domain = lookup(connect, backendId);
            return domain == null ? Optional.empty() : Optional.of(info(domain));
        });
    }

    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return callOnce(ctx, host, "define " + spec.name(), connect -> {
            if (lookupByName(connect, spec.name()) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "a domain named " + spec.name()
                        + " already exists on the host");
            }
            HostCapabilities caps = HostCapabilities.parse(connect.getCapabilities());
            String type = caps.chooseDomainType(host.settings().get(HostCapabilities.DOMAIN_TYPE_SETTING));
            Map<String, String> properties = new HashMap<>(spec.properties());
            properties.putIfAbsent("serialLog", SERIAL_LOG_DIR + spec.name() + "-serial.log");
            properties.put(DomainXml.CONSOLE_LISTEN, consoleListen(host));
            VmSpec complete = new VmSpec(spec.name(), spec.cpus(), spec.memoryMiB(), spec.disks(), spec.nics(),
                    properties);
            return info(connect.domainDefineXML(DomainXml.build(complete, type, caps.arch())));
        });
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "start " + backendId, connect -> {
            Domain domain = require(connect, backendId);
            if (domain.isActive() == 0) {
                domain.create();
            }
            return info(domain);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId,
            StopMode mode) {
        return call(ctx, host, "stop " + backendId, connect -> {
            Domain domain = require(connect, backendId);
            if (domain.isActive() == 0) {
                return info(domain);
            }
            if (mode == StopMode.GRACEFUL) {
                domain.shutdown();
                long forceAt = ctx.deadline().toEpochMilli() - FORCE_MARGIN_MILLIS;
                while (domain.isActive() == 1 && System.currentTimeMillis() < forceAt) {
                    sleep(STOP_POLL_MILLIS);
                }
            }
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            return info(domain);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "reboot " + backendId, connect -> {
            Domain domain = require(connect, backendId);
            if (domain.isActive() == 0) {
                throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " is not running");
            }
            domain.reboot(0);
            return info(domain);
        });
    }

    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "undefine " + backendId, connect -> {
            Domain domain = lookup(connect, backendId);
            if (domain != null) {
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                try {
                    domain.undefine(UNDEFINE_FLAGS);
                } catch (LibvirtException e) {
                    domain.undefine();
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<SnapshotInfo> createSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name, String description) {
        return call(ctx, host, "snapshot " + backendId,
                connect -> Snapshots.create(require(connect, backendId), name, description));
    }

    @Override
    public CompletionStage<List<SnapshotInfo>> listSnapshots(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return call(ctx, host, "list snapshots of " + backendId, connect -> Snapshots.list(require(connect, backendId)));
    }

    @Override
    public CompletionStage<InstanceInfo> revertSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return call(ctx, host, "revert " + backendId + " to " + name, connect -> {
            Domain domain = require(connect, backendId);
            Snapshots.revert(domain, name);
            return info(domain);
        });
    }

    @Override
    public CompletionStage<Void> deleteSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return call(ctx, host, "delete snapshot " + name, connect -> {
            Snapshots.delete(lookup(connect, backendId), name);
            return null;
        });
    }

    @Override
    public CompletionStage<ConsoleEndpoint> console(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "console of " + backendId, connect -> console(require(connect, backendId), false));
    }

    @Override
    public CompletionStage<ConsoleEndpoint> openConsole(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "console of " + backendId, connect -> console(require(connect, backendId), true));
    }

    /** Where the running domain's VNC listens; with a fresh one-time password when {@code open}. */
    private static ConsoleEndpoint console(Domain domain, boolean open) throws LibvirtException {
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

    /** The guest's first serial port, over a libvirt connection of its own ({@link KvmSerialConsole}). */
    @Override
    public CompletionStage<TerminalSupport.Session> openSerialConsole(OperationContext ctx, HostEndpoint host,
            String backendId, Consumer<byte[]> output) {
        return KvmSerialConsole.open(ctx, host, backendId, output, serialSlots);
    }

    @Override
    public CompletionStage<InstanceStats> stats(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "stats of " + backendId, connect -> {
            Domain domain = require(connect, backendId);
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
            return new InstanceStats(Instant.now(), running ? info.cpuTime : 0,
                    running ? info.memory / 1024 : 0, rd, wr, rx, tx);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> resize(OperationContext ctx, HostEndpoint host, String backendId, int cpus,
            long memoryMiB) {
        return call(ctx, host, "resize " + backendId, connect -> {
            Domain domain = require(connect, backendId);
            if (domain.isActive() == 1) {
                resizeLive(domain, cpus, memoryMiB);
            }
            connect.domainDefineXML(DomainXml.resized(domain.getXMLDesc(INACTIVE_XML | SECURE_XML), cpus, memoryMiB,
                    domain.isActive() == 1));
            return info(domain);
        });
    }

    /** libvirt device flags: the persistent definition, and the live domain too when it runs. */
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;

    @Override
    public CompletionStage<InstanceInfo> attachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            DiskSpec disk) {
        return call(ctx, host, "attach " + disk.volumePath(), connect -> {
            Domain domain = require(connect, backendId);
            String xml = domain.getXMLDesc(2);
            if (DomainXml.diskDevice(xml, disk.volumePath()) == null) {
                domain.attachDeviceFlags(DomainXml.disk(disk, DomainXml.nextTarget(xml)),
                        AFFECT_CONFIG | (domain.isActive() == 1 ? AFFECT_LIVE : 0));
            }
            return info(domain);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> detachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String volumePath) {
        return call(ctx, host, "detach " + volumePath, connect -> {
            Domain domain = require(connect, backendId);
            String device = DomainXml.diskDevice(domain.getXMLDesc(2), volumePath);
            if (device != null) {
                domain.detachDeviceFlags(device, AFFECT_CONFIG | (domain.isActive() == 1 ? AFFECT_LIVE : 0));
            }
            return info(domain);
        });
    }

    /** Block copy and pivot ({@link KvmBlockCopy}); never retried on a dropped connection. */
    @Override
    public CompletionStage<InstanceInfo> copyDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return callOnce(ctx, host, "copy disk " + fromPath + " of " + backendId, connect -> {
            Domain domain = require(connect, backendId);
            KvmBlockCopy.copy(connect, domain, fromPath, to, ctx.deadline(), progress);
            return info(domain);
        });
    }

    /** A point-in-time copy of a running disk ({@link KvmDiskBackup}); never retried on a dropped connection. */
    @Override
    public CompletionStage<String> backupDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return callOnce(ctx, host, "back up disk " + fromPath + " of " + backendId,
                connect -> KvmDiskBackup.backup(connect, require(connect, backendId), fromPath, to, ctx.deadline(),
                        progress));
    }

    /**
     * Migration to another libvirt host ({@link KvmMigration}). Idempotent: a domain the source no
     * longer has but the target does is reported as migrated.
     */
    @Override
    public CompletionStage<InstanceInfo> migrate(OperationContext ctx, HostEndpoint source, HostEndpoint target,
            String backendId, Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            Connect targetConnect = connections.call(target, "connect to the migration target", connect -> connect);
            return connections.call(source, "migrate " + backendId + " to " + target.uri(), connect -> {
                Domain domain = lookup(connect, backendId);
                if (domain == null) {
                    Domain there = lookup(targetConnect, backendId);
                    if (there == null) {
                        throw new DriverException(ErrorCode.NOT_FOUND, "no domain " + backendId + " on "
                                + source.uri() + " nor on " + target.uri());
                    }
                    return info(there);
                }
                try {
                    return info(KvmMigration.migrate(connect, targetConnect, target, domain, ctx.deadline(), progress,
                            ctx.executor()));
                } catch (LibvirtException e) {
                    if (ctx.expired()) {
                        throw new DriverException(ErrorCode.TIMEOUT, "the migration of " + domain.getName() + " to "
                                + target.uri() + " did not finish by the deadline and was aborted; it stays on "
                                + source.uri() + " (" + e.getMessage() + ")", true, e);
                    }
                    DriverException error = LibvirtErrors.translate("migrate " + domain.getName() + " to "
                            + target.uri(), e);
                    // the target refusing (a disk it cannot open, a name it has) is a conflict, not an outage
                    throw error.code() == ErrorCode.UNREACHABLE || error.code() == ErrorCode.TIMEOUT ? error
                            : new DriverException(ErrorCode.CONFLICT, error.getMessage(), false, e);
                }
            }, false);
        }, ctx.executor());
    }

    /**
     * Resumes a paused domain. A guest paused by a failing disk pauses again at once when the storage
     * still fails (libvirt's resume itself succeeds): checked after {@link #RESUME_CHECK_MILLIS}.
     */
    @Override
    public CompletionStage<InstanceInfo> resume(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "resume " + backendId, connect -> {
            Domain domain = require(connect, backendId);
            if (domain.isActive() == 0) {
                throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " is stopped; start it");
            }
            if (domain.getInfo().state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                return info(domain);
            }
            domain.resume();
            sleep(RESUME_CHECK_MILLIS);
            InstanceInfo after = info(domain);
            if (PauseSupport.IO_ERROR.equals(after.details().get(PauseSupport.PAUSE_REASON))) {
                throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " paused again: its "
                        + "storage still fails (" + after.details().get("disks") + ")");
            }
            return after;
        });
    }

    /** How long after a resume the domain is checked for having paused again. */
    static final long RESUME_CHECK_MILLIS = 1_000;

    /**
     * Online resize where libvirt allows it: memory up to the domain's maximum (balloon) and
     * vCPUs up to its maximum; anything beyond needs the instance stopped.
     */
    private static void resizeLive(Domain domain, int cpus, long memoryMiB) throws LibvirtException {
        long maxMemoryMiB = domain.getMaxMemory() / 1024;
        if (memoryMiB > maxMemoryMiB) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " can grow to at most "
                    + maxMemoryMiB + " MiB while running; stop it to give it " + memoryMiB + " MiB");
        }
        DomainInfo info = domain.getInfo();
        if (cpus != info.nrVirtCpu) {
            int maxCpus = domain.getMaxVcpus();
            if (cpus > maxCpus) {
                throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " can have at most "
                        + maxCpus + " vCPUs while running; stop it to give it " + cpus);
            }
            domain.setVcpusFlags(cpus, AFFECT_LIVE);
        }
        if (memoryMiB * 1024 != info.memory) {
            domain.setMemory(memoryMiB * 1024);
        }
    }

    @Override
    public void release(String hostId) {
        connections.invalidate(hostId);
    }

    /** Closes every connection (bundle stop). */
    public void close() {
        connections.closeAll();
    }

    private <T> CompletionStage<T> call(OperationContext ctx, HostEndpoint host, String what, LibvirtCall<T> work) {
        return CompletableFuture.supplyAsync(() -> connections.call(host, what, work::apply), ctx.executor());
    }

    /** A call that must not run twice (it creates something): no retry on a dropped connection. */
    private <T> CompletionStage<T> callOnce(OperationContext ctx, HostEndpoint host, String what,
            LibvirtCall<T> work) {
        return CompletableFuture.supplyAsync(() -> connections.call(host, what, work::apply, false), ctx.executor());
    }

    private static Domain require(Connect connect, String backendId) throws LibvirtException {
        Domain domain = lookup(connect, backendId);
        if (domain == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no domain " + backendId + " on the host");
        }
        return domain;
    }

    private static Domain lookup(Connect connect, String uuid) throws LibvirtException {
        try {
            return connect.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissingDomain(e) || e.getError() != null
                    && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_INVALID_ARG) {
                return null;
            }
            throw e;
        }
    }

    private static Domain lookupByName(Connect connect, String name) throws LibvirtException {
        try {
            return connect.domainLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissingDomain(e)) {
                return null;
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface DomainSource {
        Domain get() throws LibvirtException;
    }

    /** Adds a domain that may vanish between listing and lookup (someone undefined it meanwhile). */
    private static void addIfPresent(List<InstanceInfo> all, DomainSource source) throws LibvirtException {
        try {
            all.add(info(source.get()));
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isMissingDomain(e)) {
                throw e;
            }
        }
    }

    static InstanceInfo info(Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        String xml = domain.getXMLDesc(0);
        Map<String, String> details = DomainXml.details(xml);
        if (info.state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
            int[] state = DomainStates.stateAndReason(domain);
            String reason = DomainStates.pauseReason(state[0], state[1]);
            if (reason != null) {
                details.put(PauseSupport.PAUSE_REASON, reason);
            }
        }
        // the memory the domain is configured to have (after an online resize less than its maximum;
        // the live value follows only when the guest runs a balloon driver)
        long memoryMiB = DomainXml.currentMemoryMiB(domain.getXMLDesc(2)).orElse(info.maxMem / 1024);
        return new InstanceInfo(domain.getUUIDString(), domain.getName(), state(info.state), info.nrVirtCpu,
                memoryMiB, details);
    }

    static PowerState state(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_SHUTDOWN -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_CRASHED -> PowerState.STOPPED;
            case VIR_DOMAIN_NOSTATE -> PowerState.UNKNOWN;
        };
    }

    private static String hypervisorVersion(Connect connect) throws LibvirtException {
        String type = connect.getType();
        return type + " " + version(connect.getVersion());
    }

    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    static String version(long encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while waiting for the guest");
        }
    }
}
