package org.ovm.plugin.docker.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.VlanAttachment;

/**
 * VLAN networks on a container engine: one {@code macvlan} engine network per VLAN network,
 * named {@code ovm-<network id>}, with the network's subnet and gateway, whose parent is the
 * interface of the engine's host that carries the VLAN. The host setting {@value #PARENT_SETTING}
 * names that interface, {@code {vlan}} standing for the VLAN id (default {@value #DEFAULT_PARENT}:
 * with a dotted name the engine creates the 802.1Q sub-interface of {@code eth0} itself).
 * Containers are plugged in with their IPAM address and MAC by {@link ContainerCreation}.
 */
final class MacvlanNetworks {

    /** Host setting: the macvlan parent interface, {@code {vlan}} replaced by the VLAN id. */
    static final String PARENT_SETTING = "macvlanParent";
    static final String DEFAULT_PARENT = "eth0.{vlan}";

    private final Engines engines;

    MacvlanNetworks(Engines engines) {
        this.engines = engines;
    }

    CompletionStage<String> attach(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        String parent;
        try {
            parent = parent(host, network.vlan());
        } catch (DriverException e) {
            return CompletableFuture.failedFuture(e);
        }
        String label = label(network);
        return Async.call(ctx, "creating the macvlan engine network of " + label, () -> {
            try {
                return EngineNetworks.ensure(engines.of(host).api(), new EngineNetworks.Wanted(network.networkId(),
                        label, network.vlan(), network.cidr(), network.gateway(), "macvlan", Map.of("parent", parent)));
            } catch (RuntimeException e) {
                DriverException missing = missingParent(e, parent, host, network);
                if (missing != null) {
                    throw missing;
                }
                throw e;
            }
        });
    }

    CompletionStage<Void> detach(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        String label = label(network);
        return Async.run(ctx, "removing the macvlan engine network of " + label,
                () -> EngineNetworks.remove(engines.of(host).api(), EngineNetworks.name(network.networkId()), label));
    }

    private static String label(VlanAttachment network) {
        return network.name() == null ? network.networkId() : network.name();
    }

    /** The parent interface for a VLAN on a host: the host's template with {@code {vlan}} replaced. */
    static String parent(HostEndpoint host, int vlan) {
        if (vlan < 1 || vlan > 4094) {
            throw new DriverException(ErrorCode.INVALID, "VLAN " + vlan + " is not an 802.1Q VLAN id (1 to 4094)");
        }
        String template = host.settings().get(PARENT_SETTING);
        if (template == null || template.isBlank()) {
            template = DEFAULT_PARENT;
        }
        String parent = template.trim().replace("{vlan}", String.valueOf(vlan));
        // Linux interface names: at most 15 bytes, no '/', no whitespace
        if (parent.length() > 15 || !parent.matches("[^/\\s:]+")) {
            throw new DriverException(ErrorCode.INVALID, "the host setting " + PARENT_SETTING + " '" + template
                    + "' gives '" + parent + "' for VLAN " + vlan + ", which is not a network interface name (at most "
                    + "15 characters, no '/', ':' or spaces); set it to the interface of the engine's host that carries "
                    + "the VLAN, {vlan} standing for the VLAN id (default " + DEFAULT_PARENT + ")");
        }
        return parent;
    }

    /**
     * The engine's refusal of a parent interface its host lacks, as an {@code UNSUPPORTED} that
     * names it and the setting; null for any other failure. The engine says "-o parent interface
     * was not found on the host: eth9" (the base of a dotted name is missing), "invalid
     * subinterface vlan name x, example formatting is eth0.10" (an undotted name is missing),
     * "failed to create eth0.100 vlan link: operation not supported" (no 802.1Q on the host).
     */
    static DriverException missingParent(RuntimeException e, String parent, HostEndpoint host,
            VlanAttachment network) {
        String said = DockerErrors.translate("", e).getMessage().replaceFirst("^: ", "");
        if (!said.contains("parent interface") && !said.contains("subinterface") && !said.contains("vlan link")) {
            return null;
        }
        String template = host.settings().get(PARENT_SETTING);
        String setting = template == null || template.isBlank()
                ? "is not set, so it is " + DEFAULT_PARENT
                : "is '" + template + "'";
        return new DriverException(ErrorCode.UNSUPPORTED, "VLAN " + network.vlan() + " of network "
                + label(network) + " needs the interface " + parent + " on the engine's host, which is missing there "
                + "(the engine said: " + said + "); the host setting " + PARENT_SETTING + " " + setting + " ({vlan} "
                + "stands for the VLAN id): create " + parent + " on the engine's host, or set " + PARENT_SETTING
                + " to the interface that carries the VLAN", false, e);
    }
}
