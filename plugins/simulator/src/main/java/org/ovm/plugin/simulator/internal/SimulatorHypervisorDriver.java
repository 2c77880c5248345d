package org.ovm.plugin.simulator.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskAttachSupport;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.SnapshotSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;

/** A hypervisor driver over in-memory simulated hosts ({@code sim://name?cpus=&memoryMiB=}). */
public final class SimulatorHypervisorDriver implements HypervisorDriver, SnapshotSupport,
        DiskAttachSupport, DiskBackupSupport {

    public static final String TYPE_NAME = "simulator";

    private final SimulatedBackend backend;
    private final FaultInjector faults;

    public SimulatorHypervisorDriver(SimulatedBackend backend, FaultInjector faults) {
        this.backend = backend;
        this.faults = faults;
    }

    @Override
    public String type() {
        return TYPE_NAME;
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return EnumSet.of(HypervisorCapability.DISCOVERY, HypervisorCapability.GRACEFUL_STOP,
                HypervisorCapability.SNAPSHOT);
    }

    /** The simulator stands in for a QEMU host: QEMU's OUI. */
    @Override
    public String macPrefix() {
        return "52:54:00";
    }

    @Override
    public List<String> diskFormats() {
        return List.of("qcow2", "raw");
    }

    @Override
    public CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host) {
        return faults.call("probe", ctx, host, () -> backend.facts(host));
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        return faults.call("list", ctx, host, () -> backend.list(host));
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return faults.call("find", ctx, host, () -> backend.find(host, backendId));
    }

    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return faults.call("define", ctx, host, () -> backend.define(host, spec));
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return faults.call("start", ctx, host, () -> backend.power(host, backendId, PowerState.RUNNING));
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId,
            StopMode mode) {
        return faults.call("stop", ctx, host, () -> backend.power(host, backendId, PowerState.STOPPED));
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId) {
        return faults.call("reboot", ctx, host, () -> {
            InstanceInfo current = backend.find(host, backendId).orElseThrow(() -> new DriverException(
                    ErrorCode.NOT_FOUND, "no simulated instance " + backendId));
            if (current.state() != PowerState.RUNNING) {
                throw new DriverException(ErrorCode.CONFLICT, "instance " + current.name() + " is not running");
            }
            return current;
        });
    }

    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId) {
        return faults.call("undefine", ctx, host, () -> {
            backend.undefine(host, backendId);
            return null;
        });
    }

    @Override
    public CompletionStage<SnapshotInfo> createSnapshot(OperationContext ctx, HostEndpoint host,
            String backendId, String name, String description) {
        return faults.call("createSnapshot", ctx, host, () -> backend.snapshot(host, backendId, name, description));
    }

    @Override
    public CompletionStage<List<SnapshotInfo>> listSnapshots(OperationContext ctx,
            HostEndpoint host, String backendId) {
        return faults.call("listSnapshots", ctx, host, () -> backend.snapshots(host, backendId));
    }

    @Override
    public CompletionStage<InstanceInfo> revertSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return faults.call("revertSnapshot", ctx, host, () -> backend.revert(host, backendId, name));
    }

    @Override
    public CompletionStage<Void> deleteSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return faults.call("deleteSnapshot", ctx, host, () -> {
            backend.deleteSnapshot(host, backendId, name);
            return null;
        });
    }

    /**
     * A simulated point-in-time copy of a running instance's disk: the instance must exist and run
     * (no guest agent answers in the simulator: crash-consistent). Fault name {@code backupDisk}.
     */
    @Override
    public CompletionStage<String> backupDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return faults.call("backupDisk", ctx, host, () -> {
            InstanceInfo current = backend.find(host, backendId).orElseThrow(() -> new DriverException(
                    ErrorCode.NOT_FOUND, "no simulated instance " + backendId));
            if (current.state() != PowerState.RUNNING) {
                throw new DriverException(ErrorCode.CONFLICT, "instance " + current.name() + " is not running");
            }
            progress.report(100, "copied " + fromPath + " to " + to.volumePath());
            return DiskBackupSupport.CRASH;
        });
    }

    @Override
    public CompletionStage<InstanceInfo> attachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            DiskSpec disk) {
        return faults.call("attachDisk", ctx, host, () -> backend.attach(host, backendId, disk.volumePath()));
    }

    @Override
    public CompletionStage<InstanceInfo> detachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String volumePath) {
        return faults.call("detachDisk", ctx, host, () -> backend.detach(host, backendId, volumePath));
    }
}
