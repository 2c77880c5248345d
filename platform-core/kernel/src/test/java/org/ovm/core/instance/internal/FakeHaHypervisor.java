package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * A hypervisor for the HA restart tests: definitions per host in memory (a new backend id on each
 * define, as libvirt gives a new domain UUID), the specs it was given, and the calls it saw;
 * {@link #failing} names operations that fail.
 */
class FakeHaHypervisor implements HypervisorDriver {

    /** Backend id → the instance as the host keeps it, and on which host. */
    final Map<String, InstanceInfo> instances = new ConcurrentHashMap<>();
    final Map<String, String> hostOf = new ConcurrentHashMap<>();
    final Map<String, VmSpec> specs = new ConcurrentHashMap<>();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();

    void put(String backendId, String hostId, String name, PowerState state) {
        instances.put(backendId, new InstanceInfo(backendId, name, state, 1, 128, Map.of()));
        hostOf.put(backendId, hostId);
    }

    private <T> CompletionStage<T> call(String operation, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            if (failing.contains(operation)) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, operation + " failed (test)");
            }
            return work.get();
        });
    }

    @Override
    public String type() {
        return "kvm";
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return Set.of(HypervisorCapability.DISCOVERY);
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
                on.add(instances.get(id));
            }
        });
        return CompletableFuture.completedFuture(on);
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return CompletableFuture.completedFuture(host.hostId().equals(hostOf.get(backendId))
                ? Optional.of(instances.get(backendId)) : Optional.empty());
    }

    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return call("define", () -> {
            calls.add("define " + spec.name() + " on " + host.hostId());
            String id = "dom-" + spec.name() + "-" + host.hostId();
            put(id, host.hostId(), spec.name(), PowerState.STOPPED);
            specs.put(id, spec);
            return instances.get(id);
        });
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return call("start", () -> {
            calls.add("start " + backendId);
            put(backendId, host.hostId(), instances.get(backendId).name(), PowerState.RUNNING);
            return instances.get(backendId);
        });
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
        return call("undefine", () -> {
            calls.add("undefine " + backendId + " on " + host.hostId());
            if (host.hostId().equals(hostOf.get(backendId))) {
                hostOf.remove(backendId);
                instances.remove(backendId);
            }
            return null;
        });
    }
}
