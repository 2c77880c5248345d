package org.ovm.core.network.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.security.internal.PortPolicies;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkDriver;

/**
 * The network part of moving an instance to another host: before the move, each NIC's network is
 * realized on the target (recorded by {@link Realizations}), its address reserved there for its MAC
 * and its port policy applied; after the move, the reservations on the source are dropped. The
 * addresses themselves stay claimed (IPAM and quota do not change).
 */
public final class NicMigration {

    private final Tx tx;
    private final NetworkTargets targets;
    private final Function<String, NetworkDriver> drivers;
    private final Realizations realizations;
    private final PortPolicies policies;

    public NicMigration(Tx tx, HostAccess access, DriverRegistry<NetworkDriver> drivers, AddressClaims addresses,
            PortPolicies policies) {
        this(tx, NetworkTargets.of(access), drivers::require, new Realizations(tx, drivers::require, addresses),
                policies);
    }

    NicMigration(Tx tx, NetworkTargets targets, Function<String, NetworkDriver> drivers, Realizations realizations,
            PortPolicies policies) {
        this.tx = tx;
        this.targets = targets;
        this.drivers = drivers;
        this.realizations = realizations;
        this.policies = policies;
    }

    private record Nic(IpAddressEntity address, NetworkEntity network) {
    }

    /**
     * Realizes every NIC's network on {@code hostId}, reserves each NIC's address there and applies
     * its port policy. Idempotent (drivers' realize and reserve are).
     *
     * @return the port each NIC plugs into on that host, by NIC index ({@code port.<index>})
     */
    public CompletionStage<Map<String, String>> plug(OperationContext op, String instanceId, String hostId,
            boolean recovering) {
        Map<String, String> ports = new HashMap<>();
        Map<String, CompletionStage<Realizations.Realized>> realized = new HashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Nic nic : nics(instanceId)) {
            chain = chain.thenCompose(v -> targets.target(hostId, recovering)).thenCompose(t -> realized
                    .computeIfAbsent(nic.network().getId(), id -> realizations.realize(op, nic.network(), t))
                    .thenCompose(r -> {
                        synchronized (ports) {
                            ports.put("port." + nic.address().getNicIndex(), r.portRef());
                        }
                        return drivers.apply(nic.network().getType()).reserveAddress(op, r.spec(), t,
                                nic.address().getMac(), nic.address().getAddress())
                                .thenCompose(v -> policies.plugged(op, r.spec(), t, nic.address()));
                    }));
        }
        return chain.thenApply(v -> Map.copyOf(ports));
    }

    /** Drops every NIC's address reservation on {@code hostId} (the instance left it, or never got there). */
    public CompletionStage<Void> unplug(OperationContext op, String instanceId, String hostId, boolean recovering) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Nic nic : nics(instanceId)) {
            chain = chain.thenCompose(v -> targets.target(hostId, recovering))
                    .thenCompose(t -> drivers.apply(nic.network().getType()).releaseAddress(op,
                            realizations.specOn(nic.network(), hostId), t, nic.address().getMac()));
        }
        return chain;
    }

    /** Removes the instance's port policies where it is now (before it leaves that host). */
    public CompletionStage<Void> unplugPolicies(OperationContext op, InstanceEntity instance, boolean recovering) {
        return policies.unplugged(op, instance, recovering);
    }

    private List<Nic> nics(String instanceId) {
        return tx.call(em -> AddressClaims.of(em, instanceId).stream()
                .map(a -> new Nic(a, em.find(NetworkEntity.class, a.getNetworkId()))).toList());
    }
}
