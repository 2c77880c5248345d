package org.ovm.core.network.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.NetworkRealizationEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.RealizationState;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.DeleteTasks;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.StepContext;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskState;
import org.ovm.spi.network.NetworkDriver;

/**
 * Network delete as a task ({@value #DELETE}): refused at once while instances hold addresses of
 * the network; otherwise the task removes the network from every host it is realized on (record
 * {@code REMOVING}, the driver's {@code unrealize}, then the record and its DHCP address go) and
 * deletes the network. A host that fails keeps its record {@code FAILED} with the driver's message
 * and the network stays, so deleting it again retries only what is left. While the task runs, IPAM
 * hands out no address of the network.
 */
public final class NetworkDeletion {

    public static final String DELETE = "network.delete";

    /** The task's parameters: the network's name, so the task names it once the row is gone. */
    public record Params(String name) implements TaskParams {
    }

    private final Tx tx;
    private final DeleteTasks deletes;
    private final NetworkTargets targets;
    private final Function<String, NetworkDriver> drivers;
    private final EventPublisher events;

    public NetworkDeletion(Tx tx, TaskEngine engine, NetworkTargets targets, Function<String, NetworkDriver> drivers,
            EventPublisher events) {
        this.tx = tx;
        this.deletes = new DeleteTasks(tx, engine);
        this.targets = targets;
        this.drivers = drivers;
        this.events = events;
    }

    /** The {@value #DELETE} operation, to register with the task engine. */
    public Operation operation() {
        return SimpleOperations.single(DELETE, "unrealize", Operation.Recovery.RESUME, this::run);
    }

    /**
     * The delete task of {@code network}: the one already queued or running, or a new one. 409 while
     * instances hold addresses of it; 503 when it is realized somewhere and its driver is missing.
     */
    TaskView start(Caller caller, NetworkEntity network) {
        return deletes.start(caller, new DeleteTasks.Target("network", network.getName(), network.getId(), null, DELETE,
                "UPDATE NETWORKS SET USED_IPS = USED_IPS WHERE ID = ?", List.of()), new Params(network.getName()),
                em -> {
                    requireUnused(em, network);
                    if (!Realizations.of(em, network.getId()).isEmpty()) {
                        drivers.apply(network.getType());
                    }
                });
    }

    /** 409 while instances hold addresses of {@code network} (its DHCP servers' addresses do not count). */
    static void requireUnused(EntityManager em, NetworkEntity network) {
        long used = em.createQuery("SELECT COUNT(a) FROM IpAddressEntity a WHERE a.networkId = ?1 AND "
                + "a.instanceId IS NOT NULL", Long.class).setParameter(1, network.getId()).getSingleResult();
        if (used > 0) {
            throw OvmException.conflict(null, "network " + network.getName() + " still has " + used
                    + " address(es) in use; delete the instances plugged into it first");
        }
    }

    /**
     * 409 while {@code network} is being deleted: called by IPAM under the network's row lock, which
     * the delete also takes before it creates its task, so no address is handed out behind it.
     */
    static void refuseWhileDeleting(EntityManager em, NetworkEntity network) {
        List<String> running = em.createQuery("SELECT t.id FROM TaskEntity t WHERE t.resourceId = ?1 AND "
                + "t.operation = ?2 AND (t.state = ?3 OR t.state = ?4)", String.class).setParameter(1, network.getId())
                .setParameter(2, DELETE).setParameter(3, TaskState.QUEUED.name())
                .setParameter(4, TaskState.RUNNING.name()).setMaxResults(1).getResultList();
        if (!running.isEmpty()) {
            throw OvmException.conflict("nics", "network " + network.getName() + " is being deleted (task "
                    + running.get(0) + "); choose another network");
        }
    }

    private CompletionStage<Map<String, String>> run(StepContext ctx) {
        NetworkEntity network = tx.call(em -> em.find(NetworkEntity.class, ctx.resourceId()));
        if (network == null) {
            return CompletableFuture.completedFuture(Map.of()); // resumed after the row went
        }
        List<NetworkRealizationEntity> records = tx.call(em -> Realizations.of(em, network.getId()));
        List<String> failures = new CopyOnWriteArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (NetworkRealizationEntity record : records) {
            chain = chain.thenCompose(v -> unrealize(ctx, network, record, failures));
        }
        return chain.thenApply(v -> {
            if (!failures.isEmpty()) {
                throw new OvmException(OvmError.BACKEND_FAILURE, "network " + network.getName() + " was not deleted: "
                        + String.join("; ", failures) + ". Fix the host (or remove it from OVM), then delete the "
                        + "network again");
            }
            tx.run(em -> remove(em, network.getId()));
            events.record("network/deleted", network.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                    "network " + network.getName() + " deleted" + (records.isEmpty() ? "" : " (removed from "
                            + records.size() + " host(s))"));
            return Map.of();
        });
    }

    /**
     * Removes the network from one host: the record goes with the DHCP address once the driver has
     * unrealized it (or at once when the host is gone from OVM); a failure is recorded, not thrown.
     */
    private CompletionStage<Void> unrealize(StepContext ctx, NetworkEntity network, NetworkRealizationEntity record,
            List<String> failures) {
        String hostId = record.getHostId();
        HostEntity host = tx.call(em -> {
            NetworkRealizationEntity current = Realizations.find(em, network.getId(), hostId);
            if (current != null) {
                current.setState(RealizationState.REMOVING);
                current.setUpdatedAt(Times.now());
            }
            return em.find(HostEntity.class, hostId);
        });
        if (host == null) {
            tx.run(em -> forget(em, network.getId(), hostId));
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> call;
        try {
            NetworkDriver driver = drivers.apply(network.getType());
            call = targets.target(hostId, ctx.recovering()).thenCompose(t -> driver.unrealize(ctx.operation(),
                    Realizations.spec(network, record.getDhcpAddress()), t));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((v, error) -> {
            if (error == null) {
                tx.run(em -> forget(em, network.getId(), hostId));
                return null;
            }
            String reason = Realizations.reason(error);
            tx.run(em -> {
                NetworkRealizationEntity current = Realizations.find(em, network.getId(), hostId);
                if (current != null) {
                    current.setState(RealizationState.FAILED);
                    current.setReason(Realizations.truncate("removing the network failed: " + reason));
                    current.setUpdatedAt(Times.now());
                }
            });
            failures.add("removing it from host " + host.getName() + " failed: " + Failures.message(error));
            return null;
        });
    }

    /** Drops the record of {@code networkId} on {@code hostId} and gives its DHCP address back. */
    private static void forget(EntityManager em, String networkId, String hostId) {
        NetworkRealizationEntity record = Realizations.find(em, networkId, hostId);
        if (record != null) {
            em.remove(record);
        }
        DhcpClaims.release(em, networkId, hostId);
    }

    /** The network's row and whatever is left of it, under its row lock. */
    private static void remove(EntityManager em, String networkId) {
        if (em.createNativeQuery("UPDATE NETWORKS SET USED_IPS = USED_IPS WHERE ID = ?").setParameter(1, networkId)
                .executeUpdate() != 1) {
            return;
        }
        NetworkEntity network = em.find(NetworkEntity.class, networkId);
        requireUnused(em, network);
        em.createQuery("DELETE FROM NetworkRealizationEntity r WHERE r.networkId = ?1").setParameter(1, networkId)
                .executeUpdate();
        em.createQuery("DELETE FROM IpAddressEntity a WHERE a.networkId = ?1").setParameter(1, networkId)
                .executeUpdate();
        em.remove(network);
    }
}
