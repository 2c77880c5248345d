package org.ovm.core.network.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;

/**
 * A network driver for the kernel's tests: records every call with the spec it got, answers from
 * a gate the test may hold closed, and fails the hosts the test names. Only the {@link NetworkTarget}
 * methods are implemented: a call to a host-only one fails the test.
 */
final class FakeNetworkDriver implements NetworkDriver {

    /** One call: the operation, the host and the spec. */
    record Call(String operation, String hostId, NetworkSpec spec) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Set<String> failingHosts = ConcurrentHashMap.newKeySet();
    final AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>(CompletableFuture.completedFuture(null));
    private final Set<NetworkCapability> capabilities;

    FakeNetworkDriver(NetworkCapability... capabilities) {
        this.capabilities = capabilities.length == 0 ? Set.of() : EnumSet.of(capabilities[0], capabilities);
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return capabilities;
    }

    private <T> CompletionStage<T> answer(String operation, NetworkSpec spec, NetworkTarget target, T value) {
        calls.add(new Call(operation, target.hostId(), spec));
        return gate.get().thenApply(v -> {
            if (failingHosts.contains(target.hostId())) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, operation + " failed on " + target.hostId()
                        + ": bridge br-x is gone", false, null);
            }
            return value;
        });
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, NetworkTarget target) {
        return answer("realize", network, target, "port-" + target.hostId());
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, NetworkTarget target) {
        return answer("unrealize", network, target, null);
    }

    @Override
    public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac, String ip) {
        return answer("reserveAddress", network, target, null);
    }

    @Override
    public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac) {
        return answer("releaseAddress", network, target, null);
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        throw new AssertionError("the kernel calls the NetworkTarget variants only");
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        throw new AssertionError("the kernel calls the NetworkTarget variants only");
    }

    @Override
    public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac, String ip) {
        throw new AssertionError("the kernel calls the NetworkTarget variants only");
    }

    @Override
    public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac) {
        throw new AssertionError("the kernel calls the NetworkTarget variants only");
    }

    static Map<String, String> settings(Call call) {
        return call.spec().settings();
    }
}
