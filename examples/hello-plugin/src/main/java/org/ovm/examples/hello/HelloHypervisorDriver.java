package org.ovm.examples.hello;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 * A hypervisor driver for {@code hello://} hosts whose "instances" are entries in a map: the
 * smallest complete example of the SPI (records in and out, every call a CompletionStage that
 * runs on the kernel's executor, idempotent stop and undefine, errors as DriverException).
 */
public final class HelloHypervisorDriver implements HypervisorDriver {

    private final Map<String, Map<String, InstanceInfo>> hosts = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "hello";
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return EnumSet.of(HypervisorCapability.DISCOVERY);
    }

    @Override
    public CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host) {
        return async(ctx, () -> {
            if (!host.uri().startsWith("hello://")) {
                throw new DriverException(ErrorCode.INVALID, "hello hosts have hello:// URIs");
            }
            return new HostFacts("Hello CPU", 2, 2048, "hello 1.0",
                    Map.of("greeting", "Hello from a third-party plugin"));
        });
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        return async(ctx, () -> List.copyOf(instances(host).values()));
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host, String id) {
        return async(ctx, () -> Optional.ofNullable(instances(host).get(id)));
    }

    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        return async(ctx, () -> {
            if (instances(host).values().stream().anyMatch(i -> i.name().equals(spec.name()))) {
                throw new DriverException(ErrorCode.CONFLICT, spec.name() + " exists");
            }
            InstanceInfo info = new InstanceInfo(UUID.randomUUID().toString(), spec.name(), PowerState.STOPPED,
                    spec.cpus(), spec.memoryMiB(), Map.of());
            instances(host).put(info.backendId(), info);
            return info;
        });
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String id) {
        return async(ctx, () -> power(host, id, PowerState.RUNNING));
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String id, StopMode mode) {
        return async(ctx, () -> power(host, id, PowerState.STOPPED));
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String id) {
        return async(ctx, () -> power(host, id, PowerState.RUNNING));
    }

    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String id) {
        return async(ctx, () -> {
            instances(host).remove(id);
            return null;
        });
    }

    private Map<String, InstanceInfo> instances(HostEndpoint host) {
        return hosts.computeIfAbsent(host.hostId(), k -> new ConcurrentHashMap<>());
    }

    private InstanceInfo power(HostEndpoint host, String id, PowerState state) {
        InstanceInfo current = instances(host).get(id);
        if (current == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no instance " + id);
        }
        InstanceInfo next = new InstanceInfo(id, current.name(), state, current.cpus(), current.memoryMiB(),
                current.details());
        instances(host).put(id, next);
        return next;
    }

    private static <T> CompletionStage<T> async(OperationContext ctx, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, ctx.executor());
    }
}
