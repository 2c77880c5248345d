package org.ovm.core.network.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.security.internal.PortPolicies;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.network.NetworkDriver;

/**
 * The network part of an instance's life: at create, each NIC's network is realized on the host
 * (recorded by {@link Realizations}) and its claimed address reserved for its MAC (compensated by
 * releasing the reservations); at delete, the reservations are dropped and the addresses given back
 * to IPAM and the VDC's quota. Drivers are called with the host as a {@code NetworkTarget}.
 */
public final class NicSteps {

    private final Tx tx;
    private final NetworkTargets targets;
    private final Function<String, NetworkDriver> drivers;
    private final AddressClaims addresses;
    private final QuotaClaims quotas;
    private final Realizations realizations;
    private final PortPolicies policies;

    public NicSteps(Tx tx, HostAccess access, DriverRegistry<NetworkDriver> drivers, AddressClaims addresses,
            QuotaClaims quotas, PortPolicies policies) {
        this(tx, NetworkTargets.of(access), drivers::require, addresses, quotas,
                new Realizations(tx, drivers::require, addresses), policies);
    }

    NicSteps(Tx tx, NetworkTargets targets, Function<String, NetworkDriver> drivers, AddressClaims addresses,
            QuotaClaims quotas, Realizations realizations, PortPolicies policies) {
        this.tx = tx;
        this.targets = targets;
        this.drivers = drivers;
        this.addresses = addresses;
        this.quotas = quotas;
        this.realizations = realizations;
        this.policies = policies;
    }

    /** A claimed NIC with its network, as the steps need it. */
    private record Nic(IpAddressEntity address, NetworkEntity network) {
    }

    /** Create step {@code network}: realize every NIC's network on the host, reserve each address. */
    public Step plug() {
        return Step.compensated("network", ctx -> {
            InstanceEntity instance = instance(ctx);
            List<Nic> nics = nics(ctx.resourceId());
            Map<String, String> ports = new ConcurrentHashMap<>();
            List<Nic> reserved = new CopyOnWriteArrayList<>();
            // each network once per step, even for several NICs on it
            Map<String, CompletionStage<Realizations.Realized>> realized = new HashMap<>();
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (Nic nic : nics) {
                chain = chain.thenCompose(v -> targets.target(instance.getHostId(), ctx.recovering()))
                        .thenCompose(t -> {
                            NetworkDriver driver = drivers.apply(nic.network().getType());
                            return realized.computeIfAbsent(nic.network().getId(),
                                    id -> realizations.realize(ctx.operation(), nic.network(), t))
                                    .thenCompose(r -> {
                                        ports.put("port." + nic.address().getNicIndex(), r.portRef());
                                        return driver.reserveAddress(ctx.operation(), r.spec(), t,
                                                nic.address().getMac(), nic.address().getAddress())
                                                .thenRun(() -> reserved.add(nic))
                                                .thenCompose(v -> policies.plugged(ctx.operation(), r.spec(), t,
                                                        nic.address()));
                                    });
                        });
            }
            // a failed step is not compensated: drop the reservations it made before failing
            return chain.handle((v, failure) -> failure).thenCompose(failure -> {
                if (failure == null) {
                    return CompletableFuture.completedFuture(Map.copyOf(ports));
                }
                return release(ctx, instance, reserved).handle((ignored, cleanupFailure) -> {
                    throw failure instanceof CompletionException c ? c
                            : new CompletionException(failure);
                });
            });
        }, ctx -> {
            InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
            return instance == null ? CompletableFuture.completedFuture(null)
                    : releaseReservations(ctx, instance);
        });
    }

    /** Delete step {@code addresses}: drop the reservations, then give the addresses back. */
    public Step unplug() {
        return Step.of("addresses", ctx -> {
            InstanceEntity instance = instance(ctx);
            return policies.unplugged(ctx.operation(), instance, ctx.recovering())
                    .thenCompose(v -> releaseReservations(ctx, instance)).thenApply(v -> {
                tx.run(em -> release(em, instance));
                return Map.of();
            });
        });
    }

    /** Gives an instance's addresses back to IPAM and its VDC's quota, in the caller's transaction. */
    public void release(EntityManager em, InstanceEntity instance) {
        quotas.releaseIps(em, instance.getVdcId(), addresses.releaseAll(em, instance.getId()));
    }

    /** The NICs a define step attaches, with the ports the {@code network} step reported. */
    public List<NicSpec> specs(StepContext ctx) {
        return nics(ctx.resourceId()).stream().map(nic -> new NicSpec(nic.address().getMac(),
                ctx.output("port." + nic.address().getNicIndex()), nic.network().getVlan(), null)).toList();
    }

    /** The addresses IPAM gave the instance's NICs, in NIC order (containers take them statically). */
    public List<String> addresses(StepContext ctx) {
        return nics(ctx.resourceId()).stream().map(nic -> nic.address().getAddress()).toList();
    }

    private CompletionStage<Void> releaseReservations(StepContext ctx, InstanceEntity instance) {
        return release(ctx, instance, nics(instance.getId()));
    }

    private CompletionStage<Void> release(StepContext ctx, InstanceEntity instance, List<Nic> nics) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Nic nic : nics) {
            chain = chain.thenCompose(v -> targets.target(instance.getHostId(), ctx.recovering()))
                    .thenCompose(t -> drivers.apply(nic.network().getType()).releaseAddress(ctx.operation(),
                            realizations.specOn(nic.network(), instance.getHostId()), t, nic.address().getMac()));
        }
        return chain;
    }

    private List<Nic> nics(String instanceId) {
        return tx.call(em -> AddressClaims.of(em, instanceId).stream()
                .map(a -> new Nic(a, em.find(NetworkEntity.class, a.getNetworkId()))).toList());
    }

    private InstanceEntity instance(StepContext ctx) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, ctx.resourceId()));
        if (instance == null) {
            throw new IllegalStateException("instance " + ctx.resourceId() + " is gone from the inventory");
        }
        return instance;
    }
}
