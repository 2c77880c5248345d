package org.ovm.plugin.simulator.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;

/** An in-memory network driver: realized networks and DHCP reservations as maps. */
public final class SimulatorNetworkDriver implements NetworkDriver {

    private final FaultInjector faults;
    private final Map<String, Map<String, String>> reservations = new ConcurrentHashMap<>();

    public SimulatorNetworkDriver(FaultInjector faults) {
        this.faults = faults;
        faults.attach(this);
    }

    int reservationCount(String networkId) {
        return reservations.getOrDefault(networkId, Map.of()).size();
    }

    @Override
    public String type() {
        return SimulatorHypervisorDriver.TYPE_NAME;
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return EnumSet.of(NetworkCapability.VLAN, NetworkCapability.DHCP, NetworkCapability.MULTI_HOST);
    }

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return faults.call("realize", ctx, host, () -> "sim-br-" + network.vlan());
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return faults.call("unrealize", ctx, host, () -> null);
    }

    @Override
    public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac, String ip) {
        return faults.call("reserveAddress", ctx, host, () -> {
            reservations.computeIfAbsent(network.networkId(), k -> new ConcurrentHashMap<>()).put(mac, ip);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac) {
        return faults.call("releaseAddress", ctx, host, () -> {
            reservations.getOrDefault(network.networkId(), Map.of()).remove(mac);
            return null;
        });
    }
}
