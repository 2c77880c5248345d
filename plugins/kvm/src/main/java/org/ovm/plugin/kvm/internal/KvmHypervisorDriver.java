package org.ovm.plugin.kvm.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.ovm.lib.libvirt.LibvirtConnections;
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
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.ResizeSupport;
import org.ovm.spi.hypervisor.SerialConsoleSupport;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.SnapshotSupport;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.StorageMigrationSupport;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * Drives KVM/QEMU hosts through libvirt: probes facts, discovers domains and runs their
 * lifecycle. The OSGi service facade: it holds the host connections and runs every (blocking)
 * libvirt call on the kernel's executor; the work itself is done by package-private collaborators
 * ({@link KvmHostProbe}, {@link KvmDomains}, {@link KvmPower}, {@link KvmDevices},
 * {@link KvmConsoles}, {@link Snapshots}, {@link KvmBlockCopy}, {@link KvmDiskBackup},
 * {@link KvmMigration}, {@link KvmStorageMigration}, {@link KvmSerialConsole}).
 */
public final class KvmHypervisorDriver implements HypervisorDriver, SnapshotSupport, ConsoleSupport, StatsSupport,
        ResizeSupport, DiskAttachSupport, SerialConsoleSupport, BlockCopySupport, StorageMigrationSupport,
        PauseSupport, DiskBackupSupport {

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
        return call(ctx, host, "probe", connect -> KvmHostProbe.probe(connect, host));
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        return call(ctx, host, "list domains", KvmDomains::list);
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return call(ctx, host, "look up domain " + backendId, connect -> {
            Domain domain = KvmDomains.lookup(connect, backendId);
            return domain == null ? Optional.empty() : Optional.of(KvmDomains.info(domain));
        });
    }

    /** Never retried on a dropped connection (it creates the domain). */
    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return callOnce(ctx, host, "define " + spec.name(), connect -> KvmPower.define(connect, host, spec));
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "start " + backendId, connect -> KvmPower.start(connect, backendId));
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId,
            StopMode mode) {
        return call(ctx, host, "stop " + backendId, connect -> KvmPower.stop(connect, backendId, mode,
                ctx.deadline()));
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "reboot " + backendId, connect -> KvmPower.reboot(connect, backendId));
    }

    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "undefine " + backendId, connect -> {
            KvmPower.undefine(connect, backendId);
            return null;
        });
    }

    @Override
    public CompletionStage<SnapshotInfo> createSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name, String description) {
        return call(ctx, host, "snapshot " + backendId,
                connect -> Snapshots.create(KvmDomains.require(connect, backendId), name, description));
    }

    @Override
    public CompletionStage<List<SnapshotInfo>> listSnapshots(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return call(ctx, host, "list snapshots of " + backendId,
                connect -> Snapshots.list(KvmDomains.require(connect, backendId)));
    }

    @Override
    public CompletionStage<InstanceInfo> revertSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return call(ctx, host, "revert " + backendId + " to " + name, connect -> {
            Domain domain = KvmDomains.require(connect, backendId);
            Snapshots.revert(domain, name);
            return KvmDomains.info(domain);
        });
    }

    @Override
    public CompletionStage<Void> deleteSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return call(ctx, host, "delete snapshot " + name, connect -> {
            Snapshots.delete(KvmDomains.lookup(connect, backendId), name);
            return null;
        });
    }

    @Override
    public CompletionStage<ConsoleEndpoint> console(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "console of " + backendId, connect -> KvmConsoles.console(connect, backendId, false));
    }

    @Override
    public CompletionStage<ConsoleEndpoint> openConsole(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "console of " + backendId, connect -> KvmConsoles.console(connect, backendId, true));
    }

    /** The guest's first serial port, over a libvirt connection of its own ({@link KvmSerialConsole}). */
    @Override
    public CompletionStage<TerminalSupport.Session> openSerialConsole(OperationContext ctx, HostEndpoint host,
            String backendId, Consumer<byte[]> output) {
        return KvmSerialConsole.open(ctx, host, backendId, output, serialSlots);
    }

    @Override
    public CompletionStage<InstanceStats> stats(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "stats of " + backendId, connect -> KvmConsoles.stats(connect, backendId));
    }

    @Override
    public CompletionStage<InstanceInfo> resize(OperationContext ctx, HostEndpoint host, String backendId, int cpus,
            long memoryMiB) {
        return call(ctx, host, "resize " + backendId, connect -> KvmDevices.resize(connect, backendId, cpus,
                memoryMiB));
    }

    @Override
    public CompletionStage<InstanceInfo> attachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            DiskSpec disk) {
        return call(ctx, host, "attach " + disk.volumePath(), connect -> KvmDevices.attachDisk(connect, backendId,
                disk));
    }

    @Override
    public CompletionStage<InstanceInfo> detachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String volumePath) {
        return call(ctx, host, "detach " + volumePath, connect -> KvmDevices.detachDisk(connect, backendId,
                volumePath));
    }

    /** Block copy and pivot ({@link KvmBlockCopy}); never retried on a dropped connection. */
    @Override
    public CompletionStage<InstanceInfo> copyDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return callOnce(ctx, host, "copy disk " + fromPath + " of " + backendId, connect -> {
            Domain domain = KvmDomains.require(connect, backendId);
            KvmBlockCopy.copy(connect, domain, fromPath, to, ctx.deadline(), progress);
            return KvmDomains.info(domain);
        });
    }

    /**
     * A point-in-time copy of a running disk ({@link KvmDiskBackup}), quiesced through the guest
     * agent when it answers; never retried on a dropped connection.
     */
    @Override
    public CompletionStage<String> backupDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return callOnce(ctx, host, "back up disk " + fromPath + " of " + backendId,
                connect -> KvmDiskBackup.backup(connect, KvmDomains.require(connect, backendId), fromPath, to,
                        ctx.deadline(), progress));
    }

    /**
     * Migration to another libvirt host ({@link KvmMigration#migrateOrFind}). Idempotent: a domain the
     * source no longer has but the target does is reported as migrated.
     */
    @Override
    public CompletionStage<InstanceInfo> migrate(OperationContext ctx, HostEndpoint source, HostEndpoint target,
            String backendId, Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            Connect targetConnect = connections.call(target, "connect to the migration target", connect -> connect);
            return connections.call(source, "migrate " + backendId + " to " + target.uri(),
                    connect -> KvmMigration.migrateOrFind(connect, targetConnect, source, target, backendId, ctx,
                            progress),
                    false);
        }, ctx.executor());
    }

    /**
     * Live migration that copies the named disks onto the target's new volumes
     * ({@link KvmStorageMigration#migrateOrFind}); never retried on a dropped connection. Idempotent
     * like {@link #migrate}.
     */
    @Override
    public CompletionStage<InstanceInfo> migrateWithStorage(OperationContext ctx, HostEndpoint source,
            HostEndpoint target, String backendId, Map<String, DiskSpec> disks, long bandwidthMiBps,
            Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            Connect targetConnect = connections.call(target, "connect to the migration target", connect -> connect);
            return connections.call(source, "migrate " + backendId + " with its storage to " + target.uri(),
                    connect -> KvmStorageMigration.migrateOrFind(connect, targetConnect, source, target, backendId,
                            disks, bandwidthMiBps, ctx, progress),
                    false);
        }, ctx.executor());
    }

    /**
     * Aborts the outgoing migration job of the domain ({@link KvmStorageMigration#abort}): false when
     * none runs, also when {@code source} does not know the domain (never NOT_FOUND: a migration that
     * just finished took it away).
     */
    @Override
    public CompletionStage<Boolean> abortMigration(OperationContext ctx, HostEndpoint source, String backendId) {
        return call(ctx, source, "abort the migration of " + backendId,
                connect -> KvmStorageMigration.abort(connect, backendId));
    }

    /** Resumes a paused domain; refused while the storage that paused it still fails ({@link KvmPower#resume}). */
    @Override
    public CompletionStage<InstanceInfo> resume(OperationContext ctx, HostEndpoint host, String backendId) {
        return call(ctx, host, "resume " + backendId, connect -> KvmPower.resume(connect, backendId));
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
}
