package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.host.internal.InventorySync;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.network.internal.NicMigration;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code host.ha-restart}, queued on a host an admin confirmed powered off: each HA instance that was
 * running there and whose every disk is on a shared pool ({@link HaChecks#waiting}, highest
 * {@code haPriority} first) is placed by the scheduler on another {@code UP} host of the cluster
 * that serves its disks (capacity claimed, affinity and networks checked), its NICs are realized
 * there as a migration does ({@link NicMigration#plug}), it is defined from the same shared volumes
 * and started; only then does its row name the new host (the dead host's capacity and count go back,
 * and the dead host's definition is recorded in {@code HA_LEFTOVERS} for the inventory sync to remove
 * when that host returns). An instance that fails is left where it was with the reason
 * ({@code instance/ha-restart-failed}; what the attempt did on the target is undone); the task still
 * goes on with the next one. Never runs on a host that is not confirmed powered off.
 */
public final class HaRestartOperation {

    public static final String NAME = "host.ha-restart";

    private static final Logger LOG = LoggerFactory.getLogger(HaRestartOperation.class);

    /** What one instance's attempt came to. */
    public record Attempt(String instanceId, String name, String targetHostId, String failure) {
    }

    private final Tx tx;
    private final HostTargets hosts;
    private final NicMigration nics;
    private final CapacityClaims claims;
    private final Placer placer;
    private final EventPublisher events;
    private final InventorySync sync;
    /** Told the dead host's id and the attempts of each run (the retries keep their backoff by it). */
    private final BiConsumer<String, List<Attempt>> finished;

    public HaRestartOperation(Tx tx, HostTargets hosts, NicMigration nics, CapacityClaims claims, Placer placer,
            EventPublisher events, InventorySync sync, BiConsumer<String, List<Attempt>> finished) {
        this.tx = tx;
        this.hosts = hosts;
        this.nics = nics;
        this.claims = claims;
        this.placer = placer;
        this.events = events;
        this.sync = sync;
        this.finished = finished;
    }

    public Operation operation() {
        return new SimpleOperation(NAME, List.of(Step.of("restart", this::restartAll)), Operation.Recovery.RESUME);
    }

    /**
     * Restarts every HA instance that waits on the task's host (its resource), one after the other, if that host
     * is still down and known powered off (an admin's confirmation or a fence, {@code host.fence}); the outputs
     * count those {@code restarted} and {@code failed}.
     */
    public CompletionStage<Map<String, String>> restartAll(StepContext ctx) {
        String deadHostId = ctx.resourceId();
        List<String> ids = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, deadHostId);
            if (host == null || host.getConfirmedDownAt() == null || (host.getState() != HostState.DOWN
                    && host.getState() != HostState.NON_RESPONSIVE)) {
                return List.<String>of(); // it answered again (or was removed): nothing may restart
            }
            return HaChecks.waiting(em, deadHostId).stream().map(InstanceEntity::getId).toList();
        });
        stopTheOthers(ctx, deadHostId, ids);
        List<Attempt> attempts = new ArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String id : ids) {
            chain = chain.thenCompose(v -> restartOne(ctx, deadHostId, id)).thenAccept(attempts::add);
        }
        return chain.thenApply(v -> {
            finished.accept(deadHostId, attempts);
            long failed = attempts.stream().filter(a -> a.failure() != null).count();
            Map<String, String> out = new LinkedHashMap<>();
            out.put("restarted", String.valueOf(attempts.size() - failed));
            out.put("failed", String.valueOf(failed));
            return out;
        });
    }

    /**
     * The host is known powered off: its instances that do not restart elsewhere (not HA, or held by a local disk)
     * no longer run either; their rows say {@code STOPPED} ({@code instance/changed}) instead of the state they last
     * had. The inventory sync of the host, when it returns, finds them shut off.
     */
    private void stopTheOthers(StepContext ctx, String deadHostId, List<String> restarting) {
        Map<InstanceEntity, String> stopped = tx.call(em -> {
            Map<InstanceEntity, String> others = new LinkedHashMap<>();
            for (InstanceEntity instance : em.createQuery("SELECT i FROM InstanceEntity i WHERE i.hostId = ?1 AND "
                    + "(i.state = ?2 OR i.state = ?3 OR i.state = ?4) ORDER BY i.name", InstanceEntity.class)
                    .setParameter(1, deadHostId).setParameter(2, InstanceState.RUNNING.name())
                    .setParameter(3, InstanceState.PAUSED.name()).setParameter(4, InstanceState.UNKNOWN.name())
                    .getResultList()) {
                if (restarting.contains(instance.getId())) {
                    continue;
                }
                String blocker = instance.isHa() ? HaChecks.blocker(em, instance) : null;
                instance.setState(InstanceState.STOPPED);
                instance.setUpdatedAt(Times.now());
                others.put(instance, blocker == null ? "" : "; it does not restart elsewhere: " + blocker);
            }
            return others;
        });
        String host = hostName(deadHostId);
        stopped.forEach((instance, why) -> events.record("instance/changed", instance.getId(), ctx.caller(),
                ctx.source(), Outcome.SUCCEEDED, instance.getVdcId(), "instance " + instance.getName()
                        + " is STOPPED: its host " + host + " is known powered off (" + confirmedBy(deadHostId) + ")"
                        + why));
    }

    /** Where one instance goes, chosen and claimed in one transaction. */
    private record Placed(InstanceEntity instance, String targetHostId) {
    }

    /** Restarts one instance elsewhere; never fails: a failure is the attempt's reason. */
    CompletionStage<Attempt> restartOne(StepContext ctx, String deadHostId, String instanceId) {
        notRunningThere(deadHostId, instanceId);
        Placed placed;
        try {
            placed = tx.call(em -> place(em, deadHostId, instanceId));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(ctx, instanceId, null, Failures.message(e)));
        }
        if (placed == null) {
            return CompletableFuture.completedFuture(new Attempt(instanceId, null, null, null)); // moved meanwhile
        }
        InstanceEntity instance = placed.instance();
        String target = placed.targetHostId();
        String[] defined = new String[1];
        sync.arriving(target, instance.getName());
        return nics.plug(ctx.operation(), instanceId, target, ctx.recovering())
                .thenCompose(ports -> hosts.target(target, ctx.recovering()).thenCompose(t -> t.driver()
                        .define(ctx.operation(), t.endpoint(), spec(instance, ports))
                        .thenCompose(info -> {
                            defined[0] = info.backendId();
                            return t.driver().start(ctx.operation(), t.endpoint(), info.backendId());
                        })))
                .thenApply(info -> {
                    moveRow(instance, deadHostId, target, info);
                    sync.arrived(target, instance.getName());
                    events.record("instance/ha-restarted", instanceId, ctx.caller(), ctx.source(), Outcome.SUCCEEDED,
                            instance.getVdcId(), "HA instance " + instance.getName() + " restarted on host "
                                    + hostName(target) + " (host " + hostName(deadHostId)
                                    + " is known powered off: " + confirmedBy(deadHostId) + ")");
                    return new Attempt(instanceId, instance.getName(), target, null);
                })
                .exceptionallyCompose(error -> undo(ctx, instance, target, defined[0]).handle((v, undoError) -> {
                    sync.arrived(target, instance.getName());
                    String reason = Failures.message(error) + (undoError == null ? ""
                            : " (undoing it on host " + hostName(target) + " failed too: "
                                    + Failures.message(undoError) + ")");
                    return failed(ctx, instanceId, instance, reason);
                }));
    }

    /**
     * The admin confirmed its host is off: the instance no longer runs there ({@code UNKNOWN} until it runs
     * elsewhere; it still waits, see {@link HaChecks#waiting}).
     */
    private void notRunningThere(String deadHostId, String instanceId) {
        tx.run(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, instanceId);
            if (instance != null && deadHostId.equals(instance.getHostId())
                    && (instance.getState() == InstanceState.RUNNING || instance.getState() == InstanceState.PAUSED)) {
                instance.setState(InstanceState.UNKNOWN);
                instance.setUpdatedAt(Times.now());
            }
        });
    }

    /**
     * Checks that the instance still waits on the dead host and claims a place for it: the other UP hosts
     * of its cluster, of the same type, that serve every disk, ranked by the cluster's policy; null when
     * it no longer waits there.
     */
    private Placed place(EntityManager em, String deadHostId, String instanceId) {
        InstanceEntity instance = em.find(InstanceEntity.class, instanceId);
        if (instance == null || !deadHostId.equals(instance.getHostId())
                || HaChecks.waiting(em, deadHostId).stream().noneMatch(i -> i.getId().equals(instanceId))) {
            return null;
        }
        HostEntity dead = em.find(HostEntity.class, deadHostId);
        if (dead.getClusterId() == null) {
            throw OvmException.conflict(null, "host " + dead.getName() + " is in no cluster: HA instances restart on "
                    + "the other hosts of their host's cluster");
        }
        List<VolumeEntity> disks = em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1",
                VolumeEntity.class).setParameter(1, instanceId).getResultList();
        List<String> candidates = new ArrayList<>();
        String refusal = null;
        for (HostEntity host : em.createQuery("SELECT h FROM HostEntity h WHERE h.clusterId = ?1 AND h.id <> ?2 "
                + "ORDER BY h.name", HostEntity.class).setParameter(1, dead.getClusterId()).setParameter(2, deadHostId)
                .getResultList()) {
            if (!host.getType().equals(dead.getType()) || host.getState() != HostState.UP) {
                continue;
            }
            String unserved = InstanceMigration.unserved(em, disks, host.getId());
            if (unserved == null) {
                candidates.add(host.getId());
            } else if (refusal == null) {
                refusal = "host " + host.getName() + ": " + unserved;
            }
        }
        if (candidates.isEmpty()) {
            throw OvmException.conflict(null, refusal != null ? refusal : "no other " + dead.getType()
                    + " host of the cluster is UP");
        }
        HostEntity target = placer.place(em, new Placer.Ask(dead.getClusterId(), null, candidates,
                instance.getCpus(), instance.getMemoryMib(), InstanceMigration.hints(em, instance)));
        em.detach(instance);
        return new Placed(instance, target.getId());
    }

    /** The definition on the new host: the same shared volumes, the NICs plugged into the target's ports. */
    private VmSpec spec(InstanceEntity instance, Map<String, String> ports) {
        return tx.call(em -> {
            List<DiskSpec> disks = em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 ORDER BY "
                    + "v.name", VolumeEntity.class).setParameter(1, instance.getId()).getResultList().stream()
                    .map(v -> new DiskSpec(v.getPath(), v.getFormat(), null, false)).toList();
            List<NicSpec> nicSpecs = AddressClaims.of(em, instance.getId()).stream().map(a -> new NicSpec(a.getMac(),
                    ports.get("port." + a.getNicIndex()), em.find(NetworkEntity.class, a.getNetworkId()).getVlan(),
                    null)).toList();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("ovm.instance.id", instance.getId());
            if (instance.getImageId() != null) {
                ImageEntity image = em.find(ImageEntity.class, instance.getImageId());
                if (image != null) {
                    properties.putAll(Json.read(image.getProperties()));
                }
            }
            return new VmSpec(instance.getName(), instance.getCpus(), instance.getMemoryMib(), disks, nicSpecs,
                    properties);
        });
    }

    /** The row names the new host; the dead host's definition becomes a leftover to remove when it returns. */
    private void moveRow(InstanceEntity instance, String deadHostId, String target, InstanceInfo info) {
        tx.run(em -> {
            InstanceEntity current = em.find(InstanceEntity.class, instance.getId());
            String oldBackendId = current.getBackendId();
            current.setHostId(target);
            current.setBackendId(info.backendId());
            current.setState(InstanceState.of(info.state()));
            current.setDetails(Json.write(info.details()));
            current.setUpdatedAt(Times.now());
            claims.release(em, deadHostId, current.getCpus(), current.getMemoryMib());
            claims.countInstances(em, deadHostId, -1);
            claims.countInstances(em, target, 1);
            if (oldBackendId != null) {
                em.createNativeQuery("DELETE FROM HA_LEFTOVERS WHERE HOST_ID = ? AND BACKEND_ID = ?")
                        .setParameter(1, deadHostId).setParameter(2, oldBackendId).executeUpdate();
                em.createNativeQuery("INSERT INTO HA_LEFTOVERS (HOST_ID, BACKEND_ID, INSTANCE_ID, CREATED_AT) "
                        + "VALUES (?, ?, ?, ?)").setParameter(1, deadHostId).setParameter(2, oldBackendId)
                        .setParameter(3, current.getId()).setParameter(4, Times.now()).executeUpdate();
            }
        });
    }

    /** Gives back what a failed attempt took on the target: the definition, the NICs' reservations, the claim. */
    private CompletionStage<Void> undo(StepContext ctx, InstanceEntity instance, String target, String backendId) {
        CompletionStage<Void> undefine = backendId == null ? CompletableFuture.completedFuture(null)
                : hosts.target(target, ctx.recovering()).thenCompose(t -> t.driver().undefine(ctx.operation(),
                        t.endpoint(), backendId));
        return undefine.handle((v, e) -> e)
                .thenCompose(first -> nics.unplug(ctx.operation(), instance.getId(), target, ctx.recovering())
                        .handle((v, e) -> first != null ? first : e))
                .thenCompose(error -> {
                    tx.run(em -> claims.release(em, target, instance.getCpus(), instance.getMemoryMib()));
                    return error == null ? CompletableFuture.<Void>completedFuture(null)
                            : CompletableFuture.<Void>failedFuture(error);
                });
    }

    private Attempt failed(StepContext ctx, String instanceId, InstanceEntity known, String reason) {
        InstanceEntity instance = known != null ? known : tx.call(em -> em.find(InstanceEntity.class, instanceId));
        String name = instance == null ? instanceId : instance.getName();
        LOG.warn("Task {}: HA instance {} was not restarted: {}", ctx.taskId(), name, reason);
        events.record("instance/ha-restart-failed", instanceId, ctx.caller(), ctx.source(), Outcome.FAILED,
                instance == null ? null : instance.getVdcId(), "HA instance " + name + " was not restarted: " + reason
                        + " (retried while its host stays confirmed powered off)");
        return new Attempt(instanceId, name, null, reason);
    }

    private String confirmedBy(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        return host == null || host.getConfirmedDownBy() == null ? "confirmed" : host.getConfirmedDownBy();
    }

    private String hostName(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        return host == null ? hostId : host.getName();
    }
}
