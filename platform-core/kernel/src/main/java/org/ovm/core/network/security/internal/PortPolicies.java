package org.ovm.core.network.security.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.network.internal.NetworkTargets;
import org.ovm.core.network.internal.Realizations;
import org.ovm.core.network.security.internal.NicMemberships.Nic;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortSecuritySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies NICs' port policies through the network drivers that enforce them
 * ({@link PortSecuritySupport}): after a NIC's address is reserved, whenever its groups or their
 * rules change, and removes them when the NIC goes. Work on one NIC runs one at a time, and each
 * run reads the inventory when it starts, so the last one applies the newest policy whatever order
 * the changes came in. A driver that cannot enforce a NIC's groups fails the change; a NIC in no
 * group (anti-spoofing only) on a host that cannot filter is left as it is.
 */
public final class PortPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(PortPolicies.class);

    private final Tx tx;
    private final Function<String, Optional<NetworkDriver>> drivers;
    private final NetworkTargets targets;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    public PortPolicies(Tx tx, Function<String, Optional<NetworkDriver>> drivers, NetworkTargets targets) {
        this.tx = tx;
        this.drivers = drivers;
        this.targets = targets;
    }

    /**
     * The NIC steps' hook after a NIC's address was reserved on {@code host}: applies its policy
     * (a failure fails the step when the NIC is in a group), then refreshes the NICs whose rules
     * name its groups (their failures are logged).
     */
    public CompletionStage<Void> plugged(OperationContext op, NetworkSpec network, NetworkTarget host,
            IpAddressEntity address) {
        Nic nic = new Nic(address.getInstanceId(), address.getNicIndex());
        return apply(op, nic, network, host, false).thenCompose(v -> peers(op, List.of(nic), false));
    }

    /**
     * The NIC steps' hook before an instance's addresses are released: removes the policy of each of
     * its NICs and refreshes the NICs whose rules name its groups (without its addresses). Failures
     * are logged, never fail the delete: releasing an address drops what a driver enforces for it too.
     */
    public CompletionStage<Void> unplugged(OperationContext op, InstanceEntity instance, boolean recovering) {
        List<Nic> nics = tx.call(em -> AddressClaims.of(em, instance.getId()).stream()
                .map(a -> new Nic(a.getInstanceId(), a.getNicIndex())).toList());
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Nic nic : nics) {
            chain = chain.thenCompose(v -> logged(remove(op, nic, instance.getHostId(), recovering), nic));
        }
        return chain.thenCompose(v -> peers(op, nics, recovering));
    }

    /**
     * Applies the policy of every NIC in {@code nics} (a task's work): all of them are tried; the
     * stage fails naming each NIC that failed, with its driver's message.
     */
    public CompletionStage<Void> reapply(OperationContext op, Collection<Nic> nics, boolean recovering) {
        List<String> failures = new ArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Nic nic : nics) {
            chain = chain.thenCompose(v -> apply(op, nic, null, null, recovering).handle((ok, error) -> {
                if (error != null) {
                    synchronized (failures) {
                        failures.add("NIC " + nic.index() + " of instance " + instanceName(nic) + ": "
                                + Failures.message(error));
                    }
                }
                return null;
            }));
        }
        return chain.thenRun(() -> {
            if (!failures.isEmpty()) {
                throw new OvmException(OvmError.BACKEND_FAILURE, String.join("; ", failures));
            }
        });
    }

    /** The NICs whose rules name a group of {@code nics} as their remote group, less {@code nics}. */
    private CompletionStage<Void> peers(OperationContext op, List<Nic> nics, boolean recovering) {
        Set<Nic> peers = tx.call(em -> {
            Set<String> groups = new LinkedHashSet<>();
            nics.forEach(nic -> groups.addAll(NicMemberships.of(em, nic.instanceId(), nic.index())));
            Set<Nic> found = NicMemberships.membersOf(em, NicMemberships.referencing(em, groups));
            found.removeAll(nics);
            return found;
        });
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Nic peer : peers) {
            chain = chain.thenCompose(v -> logged(apply(op, peer, null, null, recovering), peer));
        }
        return chain;
    }

    /** What applying a NIC's policy needs, read in one transaction; null when there is nothing to apply. */
    private record Current(IpAddressEntity address, String hostId, NetworkEntity network, PortPolicy policy) {
    }

    /**
     * Applies a NIC's current policy, one run per NIC at a time; NICs of instances being deleted
     * are left alone. {@code network}/{@code host} may be null: read from the inventory.
     */
    CompletionStage<Void> apply(OperationContext op, Nic nic, NetworkSpec network, NetworkTarget host,
            boolean recovering) {
        return serial(nic, () -> {
            Current current = tx.call(em -> current(em, nic));
            if (current == null) {
                return CompletableFuture.completedFuture(null);
            }
            PortPolicy policy = current.policy();
            Optional<NetworkDriver> driver = drivers.apply(current.network().getType());
            if (driver.isEmpty() || !(driver.get() instanceof PortSecuritySupport security)) {
                if (!policy.filtered()) {
                    return CompletableFuture.completedFuture(null);
                }
                throw new OvmException(driver.isEmpty() ? OvmError.DRIVER_UNAVAILABLE : OvmError.CONFLICT,
                        "network " + current.network().getName() + " (" + current.network().getType() + ") "
                                + (driver.isEmpty() ? "has no driver installed" : "does not enforce security groups")
                                + ": its NICs cannot be in security groups");
            }
            NetworkSpec spec = network != null ? network : Realizations.spec(current.network(), null);
            CompletionStage<NetworkTarget> target = host != null ? CompletableFuture.completedFuture(host)
                    : targets.target(current.hostId(), recovering);
            return target.thenCompose(t -> security.applyPortPolicy(op, spec, t, policy))
                    .handle((ok, error) -> {
                        if (error == null) {
                            return null;
                        }
                        if (!policy.filtered() && unsupported(error)) {
                            LOG.info("NIC {} of instance {} is not kept from spoofing: {}", nic.index(),
                                    nic.instanceId(), Failures.message(error));
                            return null;
                        }
                        throw error instanceof RuntimeException e ? e : new IllegalStateException(error);
                    });
        });
    }

    private static Current current(EntityManager em, Nic nic) {
        IpAddressEntity address = address(em, nic);
        InstanceEntity instance = em.find(InstanceEntity.class, nic.instanceId());
        if (address == null || instance == null || instance.getHostId() == null
                || instance.getState() == InstanceState.DELETING) {
            return null;
        }
        return new Current(address, instance.getHostId(), em.find(NetworkEntity.class, address.getNetworkId()),
                PolicyBuilder.build(em, address));
    }

    private CompletionStage<Void> remove(OperationContext op, Nic nic, String hostId, boolean recovering) {
        return serial(nic, () -> {
            Object[] found = tx.call(em -> {
                IpAddressEntity address = address(em, nic);
                return address == null ? null
                        : new Object[] {address.getMac(), em.find(NetworkEntity.class, address.getNetworkId())};
            });
            if (found == null || !(found[1] instanceof NetworkEntity network)
                    || !(drivers.apply(network.getType()).orElse(null) instanceof PortSecuritySupport security)) {
                return CompletableFuture.completedFuture(null);
            }
            return targets.target(hostId, recovering)
                    .thenCompose(t -> security.removePortPolicy(op, Realizations.spec(network, null), t, (String) found[0]));
        });
    }

    private static IpAddressEntity address(EntityManager em, Nic nic) {
        List<IpAddressEntity> found = em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.instanceId = ?1 AND "
                + "a.nicIndex = ?2", IpAddressEntity.class).setParameter(1, nic.instanceId())
                .setParameter(2, nic.index()).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Runs {@code work} after every earlier run for the same NIC has ended (however it ended).
     */
    private CompletionStage<Void> serial(Nic nic, Supplier<CompletionStage<Void>> work) {
        String key = NicMemberships.key(nic.instanceId(), nic.index());
        CompletableFuture<Void> next = new CompletableFuture<>();
        CompletableFuture<Void> previous = running.put(key, next);
        CompletableFuture<Void> before = previous == null ? CompletableFuture.completedFuture(null)
                : previous.handle((ok, error) -> null);
        before.thenCompose(v -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }).whenComplete((ok, error) -> {
            running.remove(key, next);
            if (error != null) {
                next.completeExceptionally(error);
            } else {
                next.complete(null);
            }
        });
        return next;
    }

    private CompletionStage<Void> logged(CompletionStage<Void> work, Nic nic) {
        return work.handle((ok, error) -> {
            if (error != null) {
                LOG.warn("Port policy of NIC {} of instance {} not updated: {}", nic.index(), nic.instanceId(),
                        Failures.message(error));
            }
            return null;
        });
    }

    private String instanceName(Nic nic) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, nic.instanceId()));
        return instance == null ? nic.instanceId() : instance.getName();
    }

    static boolean unsupported(Throwable error) {
        return Failures.unwrap(error) instanceof DriverException driver && driver.code() == ErrorCode.UNSUPPORTED;
    }
}
