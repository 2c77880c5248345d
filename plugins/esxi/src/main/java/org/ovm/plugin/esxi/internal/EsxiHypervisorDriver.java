package org.ovm.plugin.esxi.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.ConsoleEndpoint;
import org.ovm.spi.hypervisor.ConsoleSupport;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HostStorage;
import org.ovm.spi.hypervisor.HostStorageSupport;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.NasMountSupport;
import org.ovm.spi.hypervisor.NfsShare;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.ResizeSupport;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.SnapshotSupport;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VlanAttachSupport;
import org.ovm.spi.hypervisor.VlanAttachment;
import org.ovm.spi.hypervisor.VmSpec;

import com.vmware.vim25.AboutInfo;
import com.vmware.vim25.HostHardwareSummary;
import com.vmware.vim25.HostPortGroup;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;

/**
 * Standalone ESXi hosts (no vCenter) as hosts, their VMs as instances, over one SOAP session per
 * host ({@link EsxiSessions}); snapshots in {@link EsxiSnapshots}, counters in {@link EsxiStats}, VLAN
 * networks as port groups in {@link EsxiVlans}.
 */
public final class EsxiHypervisorDriver implements HypervisorDriver, SnapshotSupport, ResizeSupport, StatsSupport,
        ConsoleSupport, HostStorageSupport, VlanAttachSupport, NasMountSupport, AutoCloseable {

    /** The host type. */
    public static final String TYPE = "esxi";
    /** Host facts: the SHA-256 fingerprint of the certificate the host presented. */
    static final String CERTIFICATE_FACT = "certificateSha256";
    /** Before a graceful stop's deadline, the time kept for the forced power-off. */
    private static final Duration POWER_OFF_RESERVE = Duration.ofSeconds(10);

    private final EsxiSessions sessions;
    private final EsxiCalls calls;
    private final EsxiSnapshots snapshots;
    private final EsxiStats stats;
    private final EsxiVlans vlans;
    private final EsxiNasDatastores nas;

    public EsxiHypervisorDriver() {
        this(new EsxiSessions());
    }

    EsxiHypervisorDriver(EsxiSessions sessions) {
        this.sessions = sessions;
        this.calls = new EsxiCalls(sessions);
        this.snapshots = new EsxiSnapshots(calls);
        this.stats = new EsxiStats(calls);
        this.vlans = new EsxiVlans(calls);
        this.nas = new EsxiNasDatastores(calls);
    }

    EsxiSessions sessions() {
        return sessions;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return EnumSet.of(HypervisorCapability.DISCOVERY, HypervisorCapability.GRACEFUL_STOP,
                HypervisorCapability.SNAPSHOT);
    }

    /**
     * VMware's OUI with the fourth octet in the range ESXi accepts for static MACs
     * (00:50:56:00:00:00 to 00:50:56:3f:ff:ff): {@code 00:50:56:3e}, leaving {@code 3f} to
     * vCenter-less tools that pick from the top.
     */
    @Override
    public String macPrefix() {
        return "00:50:56:3e";
    }

    @Override
    public List<String> diskFormats() {
        return List.of("vmdk");
    }

    @Override
    public CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host) {
        return calls.call(ctx, host, "probing the ESXi host", s -> {
            s.si.currentTime(); // keeps the session alive; fails with NotAuthenticated when it expired
            AboutInfo about = s.si.getAboutInfo();
            HostHardwareSummary hw = s.host.getSummary().getHardware();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("product", about.getFullName());
            details.put("version", about.getVersion());
            details.put("build", about.getBuild());
            details.put("apiVersion", about.getApiVersion());
            details.put("vendor", hw.getVendor() + " " + hw.getModel());
            details.put("cpuMhz", String.valueOf(hw.getCpuMhz()));
            details.put("cpuSockets", String.valueOf(hw.getNumCpuPkgs()));
            details.put("cpuCores", String.valueOf(hw.getNumCpuCores()));
            List<String> datastores = new ArrayList<>();
            for (Datastore d : s.host.getDatastores()) {
                datastores.add(d.getName());
            }
            details.put("datastores", String.join(", ", datastores));
            details.put("portGroups", String.join(", ", portGroups(s)));
            if (s.fingerprint != null) {
                details.put(CERTIFICATE_FACT, s.fingerprint);
            }
            if (s.insecure) {
                details.put("warning", "the host's certificate is not checked (insecure=true): anyone on the path to "
                        + "the host can read its password; pin the certificate with the thumbprint setting instead");
            } else if (s.fingerprint != null && host.settings().get(EsxiSessions.THUMBPRINT) == null) {
                details.put(HostFacts.LEARNED_SETTING_PREFIX + EsxiSessions.THUMBPRINT, s.fingerprint);
            }
            return new HostFacts(hw.getCpuModel(), hw.getNumCpuThreads(), hw.getMemorySize() / (1024 * 1024),
                    about.getName() + " " + about.getVersion(), details);
        });
    }

    private static List<String> portGroups(EsxiSessions.Session s) throws Exception {
        List<String> out = new ArrayList<>();
        HostPortGroup[] groups = s.host.getHostNetworkSystem().getNetworkInfo().getPortgroup();
        for (HostPortGroup g : groups == null ? new HostPortGroup[0] : groups) {
            out.add(g.getSpec().getName() + " (" + g.getSpec().getVswitchName()
                    + (g.getSpec().getVlanId() == 0 ? "" : ", VLAN " + g.getSpec().getVlanId()) + ")");
        }
        return out;
    }

    /**
     * The host's datastores, as pools of type {@value EsxiDatastoreDriver#TYPE}; not the NAS datastores OVM mounted
     * for NFS pools ({@link EsxiNasDatastores}): they are those pools already.
     */
    @Override
    public CompletionStage<List<HostStorage>> hostStorage(OperationContext ctx, HostEndpoint host) {
        return calls.call(ctx, host, "listing the host's datastores", s -> {
            List<HostStorage> out = new ArrayList<>();
            for (Datastore d : s.host.getDatastores()) {
                if (EsxiNasDatastores.mountedByOvm(d)) {
                    continue;
                }
                out.add(new HostStorage(d.getName(), EsxiDatastoreDriver.TYPE, EsxiDatastoreDriver.uri(d.getName())));
            }
            return out;
        });
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        return calls.call(ctx, host, "listing the host's VMs", VmReads::all);
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return calls.call(ctx, host, "reading VM " + backendId, s -> VmReads.one(s, backendId));
    }

    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return calls.call(ctx, host, "creating VM " + spec.name(), s -> {
            if (s.si.getSearchIndex().findChild(s.vmFolder, spec.name()) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "a VM named " + spec.name() + " already exists on the "
                        + "host");
            }
            Datastore[] datastores = s.host.getDatastores();
            String datastore = datastores.length == 0 ? null : datastores[0].getName();
            if (datastore == null && spec.disks().isEmpty()) {
                throw new DriverException(ErrorCode.INVALID, "the host has no datastore for the VM's files");
            }
            VmSpec mapped = EsxiNasDatastores.mapDisks(spec, EsxiNasDatastores.list(datastores));
            VirtualMachineConfigSpec config = VmConfigs.create(mapped, datastore);
            Task task = s.vmFolder.createVM_Task(config, s.pool, s.host);
            ManagedObjectReference ref = (ManagedObjectReference) EsxiCalls.await(ctx, task,
                    "creating VM " + spec.name());
            return require(s, ref.getVal());
        });
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return calls.call(ctx, host, "powering on VM " + backendId, s -> {
            InstanceInfo now = require(s, backendId);
            if (now.state() != PowerState.RUNNING) {
                EsxiCalls.await(ctx, VmReads.vm(s, backendId).powerOnVM_Task(null), "powering on " + now.name());
            }
            return require(s, backendId);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId,
            StopMode mode) {
        return calls.call(ctx, host, "stopping VM " + backendId, s -> {
            InstanceInfo now = require(s, backendId);
            if (now.state() == PowerState.STOPPED) {
                return now;
            }
            VirtualMachine vm = VmReads.vm(s, backendId);
            if (mode == StopMode.GRACEFUL && now.state() == PowerState.RUNNING && shutdownGuest(vm)) {
                Instant giveUp = ctx.deadline().minus(POWER_OFF_RESERVE);
                while (Instant.now().isBefore(giveUp)) {
                    InstanceInfo polled = require(s, backendId);
                    if (polled.state() == PowerState.STOPPED) {
                        return polled;
                    }
                    Thread.sleep(500);
                }
            }
            EsxiCalls.await(ctx, vm.powerOffVM_Task(), "powering off " + now.name());
            return require(s, backendId);
        });
    }

    /** Asks the guest to shut down through VMware Tools; false when the guest has none running. */
    private static boolean shutdownGuest(VirtualMachine vm) throws Exception {
        try {
            vm.shutdownGuest();
            return true;
        } catch (com.vmware.vim25.ToolsUnavailable | com.vmware.vim25.InvalidState e) {
            return false;
        }
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId) {
        return calls.call(ctx, host, "resetting VM " + backendId, s -> {
            InstanceInfo now = require(s, backendId);
            if (now.state() != PowerState.RUNNING) {
                throw new DriverException(ErrorCode.CONFLICT, "VM " + now.name() + " is not running");
            }
            EsxiCalls.await(ctx, VmReads.vm(s, backendId).resetVM_Task(), "resetting " + now.name());
            return require(s, backendId);
        });
    }

    /**
     * Powers the VM off, detaches its disks (their files are volumes of a storage pool and stay),
     * then destroys it, which removes its folder (vmx, logs, snapshots' deltas after consolidation).
     */
    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId) {
        return calls.call(ctx, host, "deleting VM " + backendId, s -> {
            Optional<InstanceInfo> now = VmReads.one(s, backendId);
            if (now.isEmpty()) {
                return null;
            }
            VirtualMachine vm = VmReads.vm(s, backendId);
            String name = now.get().name();
            if (now.get().state() != PowerState.STOPPED) {
                EsxiCalls.await(ctx, vm.powerOffVM_Task(), "powering off " + name);
            }
            if (vm.getSnapshot() != null) {
                EsxiCalls.await(ctx, vm.removeAllSnapshots_Task(), "consolidating the snapshots of " + name);
            }
            VirtualMachineConfigSpec detach = EsxiDisks.detachAll(vm);
            if (detach != null) {
                EsxiCalls.await(ctx, vm.reconfigVM_Task(detach), "detaching the disks of " + name);
            }
            EsxiCalls.await(ctx, vm.destroy_Task(), "deleting " + name);
            stats.forget(host.hostId(), backendId);
            return null;
        });
    }

    @Override
    public CompletionStage<InstanceInfo> resize(OperationContext ctx, HostEndpoint host, String backendId, int cpus,
            long memoryMiB) {
        return calls.call(ctx, host, "resizing VM " + backendId, s -> {
            InstanceInfo now = require(s, backendId);
            if (now.cpus() == cpus && now.memoryMiB() == memoryMiB) {
                return now;
            }
            if (now.state() != PowerState.STOPPED) {
                throw new DriverException(ErrorCode.CONFLICT, "VM " + now.name() + " must be stopped to change its "
                        + "CPUs or memory");
            }
            VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
            spec.setNumCPUs(cpus);
            spec.setMemoryMB(memoryMiB);
            EsxiCalls.await(ctx, VmReads.vm(s, backendId).reconfigVM_Task(spec), "resizing " + now.name());
            return require(s, backendId);
        });
    }

    static InstanceInfo require(EsxiSessions.Session s, String backendId) throws Exception {
        return VmReads.one(s, backendId).orElseThrow(() -> new DriverException(ErrorCode.NOT_FOUND,
                "the host has no VM " + backendId));
    }

    @Override
    public CompletionStage<SnapshotInfo> createSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name, String description) {
        return snapshots.create(ctx, host, backendId, name, description);
    }

    @Override
    public CompletionStage<List<SnapshotInfo>> listSnapshots(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return snapshots.list(ctx, host, backendId);
    }

    @Override
    public CompletionStage<InstanceInfo> revertSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return snapshots.revert(ctx, host, backendId, name);
    }

    @Override
    public CompletionStage<Void> deleteSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name) {
        return snapshots.delete(ctx, host, backendId, name);
    }

    @Override
    public CompletionStage<InstanceStats> stats(OperationContext ctx, HostEndpoint host, String backendId) {
        return stats.read(ctx, host, backendId);
    }

    /**
     * ESXi 6.5 and later serve consoles only as WebMKS tickets over their own protocol, which the
     * engine's VNC proxy does not speak; the VNC server older releases had is gone.
     */
    @Override
    public CompletionStage<ConsoleEndpoint> console(OperationContext ctx, HostEndpoint host, String backendId) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.CONFLICT, "ESXi hosts offer the console "
                + "of a VM only over VMware's WebMKS protocol, which OVM's console proxy does not relay yet: open the "
                + "VM's console in the ESXi Host Client (" + hostClient(host) + ")", false, null));
    }

    private static String hostClient(HostEndpoint host) {
        try {
            return "https://" + EsxiSessions.sdkUrl(host.uri()).getAuthority() + "/ui/";
        } catch (RuntimeException e) {
            return "https://<host>/ui/";
        }
    }

    /** A port group with the VLAN id on a standard vSwitch; the portRef is its name. */
    @Override
    public CompletionStage<String> attachVlan(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        return vlans.attach(ctx, host, network);
    }

    @Override
    public CompletionStage<Void> detachVlan(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        return vlans.detach(ctx, host, network);
    }

    /** The pool's directory as NAS datastore {@code ovm-<pool>} ({@link EsxiNasDatastores}). */
    @Override
    public CompletionStage<String> mountNfs(OperationContext ctx, HostEndpoint host, NfsShare share) {
        return nas.mount(ctx, host, share);
    }

    @Override
    public CompletionStage<Void> unmountNfs(OperationContext ctx, HostEndpoint host, NfsShare share) {
        return nas.unmount(ctx, host, share);
    }

    @Override
    public void release(String hostId) {
        sessions.release(hostId);
        stats.forget(hostId);
    }

    @Override
    public void close() {
        sessions.close();
    }
}
