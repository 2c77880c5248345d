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

/**
 * An in-memory network driver: realized networks and DHCP reservations as maps. Type
 * {@code simulator} declares no VLAN or DHCP capability, so its networks may be untagged and get no
 * DHCP server address; type {@value #VLAN_TYPE} (opt-in, for tests of VLAN networks) declares both,
 * as a VLAN driver does.
 */
public final class SimulatorNetworkDriver implements NetworkDriver {

    /** The type of the simulated driver that tags traffic and serves DHCP. */
    public static final String VLAN_TYPE = "simulator-vlan";

    private final FaultInjector faults;
    private final boolean vlan;
    private final Map<String, Map<String, String>> reservations = new ConcurrentHashMap<>();

    public SimulatorNetworkDriver(FaultInjector faults) {
        this(faults, false);
    }

    /** @param vlan true for type {@value #VLAN_TYPE} (capabilities VLAN and DHCP) */
    public SimulatorNetworkDriver(FaultInjector faults, boolean vlan) {
        this.faults = faults;
        this.vlan = vlan;
        faults.attach(this);
    }

    int reservationCount(String networkId) {
        return reservations.getOrDefault(networkId, Map.of()).size();
    }

    @Override
    public String type() {
        return vlan ? VLAN_TYPE : SimulatorHypervisorDriver.TYPE_NAME;
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return vlan ? EnumSet.of(NetworkCapability.VLAN, NetworkCapability.DHCP, NetworkCapability.MULTI_HOST)
                : EnumSet.of(NetworkCapability.MULTI_HOST);
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
