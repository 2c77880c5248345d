package org.ovm.core.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.BlockCopySupport;
import org.ovm.spi.hypervisor.DiskAttachSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.MigrationSupport;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * A hypervisor for the kernel's mobility tests: instances (backend id → host and disk paths) in
 * memory; migrates, block-copies and attaches/detaches disks, and fails what {@link #failing}
 * names ({@code migrate}, {@code copyDisk}, {@code attachDisk:<path>}, {@code detachDisk}).
 */
public class FakeMovingHypervisor implements HypervisorDriver, MigrationSupport, BlockCopySupport,
        DiskAttachSupport {

    /** Where each instance is defined: backend id → host id. */
    public final Map<String, String> hostOf = new ConcurrentHashMap<>();
    /** Each instance's disk paths. */
    public final Map<String, List<String>> disks = new ConcurrentHashMap<>();
    public final Map<String, PowerState> power = new ConcurrentHashMap<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    public final List<String> calls = new CopyOnWriteArrayList<>();

    public void define(String backendId, String hostId, PowerState state, String... paths) {
        hostOf.put(backendId, hostId);
        power.put(backendId, state);
        disks.put(backendId, new CopyOnWriteArrayList<>(List.of(paths)));
    }

    private InstanceInfo info(String backendId) {
        return new InstanceInfo(backendId, backendId, power.getOrDefault(backendId, PowerState.UNKNOWN), 1, 512,
                Map.of("host", String.valueOf(hostOf.get(backendId))));
    }

    private void check(String operation) {
        if (failing.contains(operation)) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, operation + " failed (test)");
        }
    }

    @Override
    public CompletionStage<InstanceInfo> migrate(OperationContext ctx, HostEndpoint source, HostEndpoint target,
            String backendId, Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            calls.add("migrate " + backendId + " " + source.hostId() + "->" + target.hostId());
            check("migrate");
            if (!source.hostId().equals(hostOf.get(backendId))) {
                throw new DriverException(ErrorCode.NOT_FOUND, backendId + " is not on " + source.hostId());
            }
            progress.report(60, "memory copied");
            hostOf.put(backendId, target.hostId());
            return info(backendId);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> copyDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            calls.add("copyDisk " + fromPath + "->" + to.volumePath());
            check("copyDisk");
            List<String> paths = disks.get(backendId);
            if (paths == null || !paths.contains(fromPath)) {
                throw new DriverException(ErrorCode.NOT_FOUND, fromPath + " is not a disk of " + backendId);
            }
            progress.report(100, "mirrored");
            paths.set(paths.indexOf(fromPath), to.volumePath());
            return info(backendId);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> attachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            DiskSpec disk) {
        return CompletableFuture.supplyAsync(() -> {
            calls.add("attach " + disk.volumePath());
            check("attachDisk:" + disk.volumePath());
            disks.get(backendId).add(disk.volumePath());
            return info(backendId);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> detachDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String volumePath) {
        return CompletableFuture.supplyAsync(() -> {
            calls.add("detach " + volumePath);
            check("detachDisk");
            disks.get(backendId).remove(volumePath);
            return info(backendId);
        });
    }

    @Override
    public String type() {
        return "kvm";
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return Set.of();
    }

    @Override
    public CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host) {
        return CompletableFuture.completedFuture(new HostFacts("fake", 8, 8192, "1", Map.of()));
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        List<InstanceInfo> on = new ArrayList<>();
        hostOf.forEach((id, h) -> {
            if (h.equals(host.hostId())) {
                on.add(info(id));
            }
        });
        return CompletableFuture.completedFuture(on);
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return CompletableFuture.completedFuture(host.hostId().equals(hostOf.get(backendId))
                ? Optional.of(info(backendId)) : Optional.empty());
    }

    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId,
            StopMode mode) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "not in this test"));
    }

    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "not in this test"));
    }
}
