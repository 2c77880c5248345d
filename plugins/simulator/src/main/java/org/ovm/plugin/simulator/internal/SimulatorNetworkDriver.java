package org.ovm.plugin.simulator.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;
import org.ovm.spi.network.PortSecuritySupport;

/**
 * An in-memory network driver: realized networks, DHCP reservations and port policies as maps. Type
 * {@code simulator} declares no VLAN or DHCP capability, so its networks may be untagged and get no
 * DHCP server address; type {@value #VLAN_TYPE} (opt-in, for tests of VLAN networks) declares both,
 * as a VLAN driver does. Both record port policies (security groups).
 */
public final class SimulatorNetworkDriver implements NetworkDriver, PortSecuritySupport {

    /** The type of the simulated driver that tags traffic and serves DHCP. */
    public static final String VLAN_TYPE = "simulator-vlan";

    private final FaultInjector faults;
    private final boolean vlan;
    private final Map<String, Map<String, String>> reservations = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PortPolicy>> policies = new ConcurrentHashMap<>();

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

    /** The port policies applied on a network, one line each, by MAC. */
    List<String> portPolicies(String networkId) {
        return policies.getOrDefault(networkId, Map.of()).values().stream().sorted((a, b) -> a.mac().compareTo(b.mac()))
                .map(p -> "policy " + p.mac() + " " + p.ip() + (p.filtered() ? " filtered" : " unfiltered")
                        + " in=" + rules(p.ingress()) + " out=" + rules(p.egress())).toList();
    }

    private static String rules(List<PortRule> rules) {
        return rules.stream().map(r -> r.protocol() + (r.portMin() == 0 ? "" : ":" + r.portMin() + "-" + r.portMax())
                + "@" + r.remoteCidr()).toList().toString().replace(" ", "");
    }

    @Override
    public String type() {
        return vlan ? VLAN_TYPE : SimulatorHypervisorDriver.TYPE_NAME;
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return vlan ? EnumSet.of(NetworkCapability.VLAN, NetworkCapability.DHCP, NetworkCapability.MULTI_HOST,
                NetworkCapability.SECURITY_GROUPS)
                : EnumSet.of(NetworkCapability.MULTI_HOST, NetworkCapability.SECURITY_GROUPS);
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
            policies.computeIfPresent(network.networkId(), (k, byMac) -> {
                byMac.remove(mac);
                return byMac;
            });
            return null;
        });
    }

    @Override
    public CompletionStage<Void> applyPortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            PortPolicy policy) {
        return faults.call("applyPortPolicy", ctx, target.host(), () -> {
            policies.computeIfAbsent(network.networkId(), k -> new ConcurrentHashMap<>()).put(policy.mac(), policy);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> removePortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac) {
        return faults.call("removePortPolicy", ctx, target.host(), () -> {
            policies.computeIfPresent(network.networkId(), (k, byMac) -> {
                byMac.remove(mac);
                return byMac;
            });
            return null;
        });
    }
}
