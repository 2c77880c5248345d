package org.ovm.plugin.esxi.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;

import com.vmware.vim25.VirtualMachineSnapshotInfo;
import com.vmware.vim25.VirtualMachineSnapshotTree;
import com.vmware.vim25.mo.VirtualMachine;
import com.vmware.vim25.mo.VirtualMachineSnapshot;

/**
 * VM snapshots by name: the host's snapshot tree flattened, oldest first. A running VM's
 * snapshot includes its memory, so a revert returns it to running.
 */
final class EsxiSnapshots {

    private final EsxiCalls calls;

    EsxiSnapshots(EsxiCalls calls) {
        this.calls = calls;
    }

    CompletionStage<SnapshotInfo> create(OperationContext ctx, HostEndpoint host, String backendId, String name,
            String description) {
        return calls.call(ctx, host, "taking snapshot " + name, s -> {
            VirtualMachine vm = VmReads.vm(s, backendId);
            Optional<SnapshotInfo> existing = find(vm, name).map(EsxiSnapshots::info);
            if (existing.isPresent()) {
                return existing.get();
            }
            InstanceInfo now = EsxiHypervisorDriver.require(s, backendId);
            EsxiCalls.await(ctx, vm.createSnapshot_Task(name, description, now.state() == PowerState.RUNNING, false),
                    "taking snapshot " + name + " of " + now.name());
            return find(vm, name).map(EsxiSnapshots::info).orElseThrow(() -> new DriverException(
                    ErrorCode.BACKEND_FAILURE, "the host took snapshot " + name + " but does not list it"));
        });
    }

    CompletionStage<List<SnapshotInfo>> list(OperationContext ctx, HostEndpoint host, String backendId) {
        return calls.call(ctx, host, "listing snapshots", s -> {
            EsxiHypervisorDriver.require(s, backendId);
            return all(VmReads.vm(s, backendId)).stream().map(EsxiSnapshots::info)
                    .sorted(Comparator.comparing(SnapshotInfo::createdAt)).toList();
        });
    }

    CompletionStage<InstanceInfo> revert(OperationContext ctx, HostEndpoint host, String backendId, String name) {
        return calls.call(ctx, host, "reverting to snapshot " + name, s -> {
            VirtualMachine vm = VmReads.vm(s, backendId);
            VirtualMachineSnapshotTree tree = find(vm, name).orElseThrow(() -> new DriverException(
                    ErrorCode.NOT_FOUND, "the VM has no snapshot named " + name));
            VirtualMachineSnapshot snapshot = new VirtualMachineSnapshot(s.si.getServerConnection(),
                    tree.getSnapshot());
            EsxiCalls.await(ctx, snapshot.revertToSnapshot_Task(null), "reverting to snapshot " + name);
            return EsxiHypervisorDriver.require(s, backendId);
        });
    }

    CompletionStage<Void> delete(OperationContext ctx, HostEndpoint host, String backendId, String name) {
        return calls.call(ctx, host, "deleting snapshot " + name, s -> {
            VirtualMachine vm = VmReads.vm(s, backendId);
            if (VmReads.one(s, backendId).isEmpty()) {
                return null;
            }
            Optional<VirtualMachineSnapshotTree> tree = find(vm, name);
            if (tree.isPresent()) {
                VirtualMachineSnapshot snapshot = new VirtualMachineSnapshot(s.si.getServerConnection(),
                        tree.get().getSnapshot());
                EsxiCalls.await(ctx, snapshot.removeSnapshot_Task(false), "deleting snapshot " + name);
            }
            return null;
        });
    }

    private static Optional<VirtualMachineSnapshotTree> find(VirtualMachine vm, String name) {
        return all(vm).stream().filter(t -> name.equals(t.getName())).findFirst();
    }

    private static List<VirtualMachineSnapshotTree> all(VirtualMachine vm) {
        List<VirtualMachineSnapshotTree> out = new ArrayList<>();
        VirtualMachineSnapshotInfo info = vm.getSnapshot();
        if (info != null) {
            collect(info.getRootSnapshotList(), out);
        }
        return out;
    }

    private static void collect(VirtualMachineSnapshotTree[] trees, List<VirtualMachineSnapshotTree> out) {
        for (VirtualMachineSnapshotTree t : trees == null ? new VirtualMachineSnapshotTree[0] : trees) {
            out.add(t);
            collect(t.getChildSnapshotList(), out);
        }
    }

    private static SnapshotInfo info(VirtualMachineSnapshotTree t) {
        Instant created = t.getCreateTime() == null ? Instant.EPOCH : t.getCreateTime().toInstant();
        return new SnapshotInfo(t.getName(), t.getDescription(), created, VmReads.state(t.getState()));
    }
}
