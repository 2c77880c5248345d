package org.ovm.plugin.simulator.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.ovm.plugin.simulator.SimulatorControl;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Runs every simulated backend call: counts it, applies pending faults (from the control
 * service or the host URI) and completes on the kernel's executor.
 */
public final class FaultInjector implements SimulatorControl {

    private record Fault(int remaining, long delayMillis, boolean fail) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Fault>> uriFaults = new ConcurrentHashMap<>();
    private final SimulatedBackend backend;

    private volatile SimulatorStorageDriver storage;
    private final List<SimulatorNetworkDriver> networks = new CopyOnWriteArrayList<>();

    public FaultInjector(SimulatedBackend backend) {
        this.backend = backend;
    }

    void attach(SimulatorStorageDriver storage) {
        this.storage = storage;
    }

    void attach(SimulatorNetworkDriver network) {
        networks.add(network);
    }

    @Override
    public int volumeCount(String poolId) {
        return storage == null ? 0 : storage.volumeCount(poolId);
    }

    @Override
    public int reservationCount(String networkId) {
        return networks.stream().mapToInt(n -> n.reservationCount(networkId)).sum();
    }

    @Override
    public List<String> portPolicies(String networkId) {
        return networks.stream().flatMap(n -> n.portPolicies(networkId).stream()).toList();
    }

    /** Runs {@code work} as simulated operation {@code operation} on {@code host}. */
    public <T> CompletionStage<T> call(String operation, OperationContext ctx, HostEndpoint host, Supplier<T> work) {
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        Fault fault = take(faults, operation);
        if (fault == null && host != null) {
            fault = take(uriFaults.computeIfAbsent(host.hostId() + "|" + host.uri(), k -> parse(host.uri())),
                    operation);
        }
        Executor executor = fault != null && fault.delayMillis() > 0
                ? CompletableFuture.delayedExecutor(fault.delayMillis(), TimeUnit.MILLISECONDS, ctx.executor())
                : ctx.executor();
        boolean fail = fault != null && fault.fail();
        return CompletableFuture.supplyAsync(() -> {
            if (host != null) {
                backend.reachable(host);
            }
            if (fail) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, "simulated failure of " + operation, false,
                        null);
            }
            return work.get();
        }, executor);
    }

    private static Fault take(Map<String, Fault> pending, String operation) {
        Fault[] taken = new Fault[1];
        pending.computeIfPresent(operation, (k, fault) -> {
            taken[0] = fault;
            return fault.remaining() <= 1 ? null : new Fault(fault.remaining() - 1, fault.delayMillis(), fault.fail());
        });
        return taken[0];
    }

    /** Faults named in a host URI query: {@code fail.<op>=N}, {@code delay.<op>=millis}. */
    static Map<String, Fault> parse(String uri) {
        Map<String, Fault> parsed = new ConcurrentHashMap<>();
        String query = URI.create(uri).getQuery();
        if (query == null) {
            return parsed;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            if (kv[0].startsWith("fail.")) {
                parsed.put(kv[0].substring(5), new Fault(Integer.parseInt(kv[1]), 0, true));
            } else if (kv[0].startsWith("delay.")) {
                parsed.put(kv[0].substring(6), new Fault(1, Long.parseLong(kv[1]), false));
            }
        }
        return parsed;
    }

    @Override
    public void failNext(String operation, int count) {
        faults.put(operation, new Fault(count, 0, true));
    }

    @Override
    public void delayNext(String operation, int count, long millis) {
        faults.put(operation, new Fault(count, millis, false));
    }

    @Override
    public void clearFaults() {
        faults.clear();
    }

    @Override
    public Map<String, String> faults() {
        Map<String, String> out = new LinkedHashMap<>();
        faults.forEach((op, f) -> out.put(op, f.fail() ? "fail next " + f.remaining()
                : "delay next " + f.remaining() + " by " + f.delayMillis() + " ms"));
        return out;
    }

    @Override
    public int instanceCount(String hostId) {
        return backend.instances(hostId).size();
    }

    @Override
    public Map<String, Long> calls() {
        Map<String, Long> out = new LinkedHashMap<>();
        calls.forEach((op, count) -> out.put(op, count.get()));
        return out;
    }
}
