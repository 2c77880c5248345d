package org.ovm.core.host.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.InstanceKinds;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the inventory with what each host really runs, periodically and right after a
 * host connects: instances found on a host are imported as unmanaged; state, size and devices
 * changed outside OVM are taken over; an unmanaged instance that vanished is dropped, a managed
 * one is marked {@code MISSING}. Instances with a task queued or running are left to the task.
 */
public final class InventorySync {

    private static final Logger LOG = LoggerFactory.getLogger(InventorySync.class);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);
    /** How long a removed instance's backend id is remembered (longer than any listing takes). */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final Tx tx;
    private final HostAccess access;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final EventPublisher events;
    private final CapacityClaims claims;
    private final QuotaClaims quotas;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Duration period;
    private final Set<String> syncing = ConcurrentHashMap.newKeySet();
    /** Backend ids of instances whose rows were removed, with when: a listing begun before must not revive them. */
    private final Map<String, Long> forgotten = new ConcurrentHashMap<>();
    /**
     * Instances an HA restart defines on a host ({@code host|name}), with when their row moved there
     * ({@link Long#MAX_VALUE} while it has not): a listing begun before must not discover them.
     */
    private final Map<String, Long> arriving = new ConcurrentHashMap<>();

    public InventorySync(Tx tx, HostAccess access, DriverRegistry<HypervisorDriver> drivers, EventPublisher events,
            CapacityClaims claims, QuotaClaims quotas, ScheduledExecutorService scheduler, ExecutorService executor,
            Duration period) {
        this.tx = tx;
        this.quotas = quotas;
        this.access = access;
        this.drivers = drivers;
        this.events = events;
        this.claims = claims;
        this.scheduler = scheduler;
        this.executor = executor;
        this.period = period;
    }

    /**
     * An instance's row was removed (deleted, or its create rolled back) after its backend
     * instance was: a listing that began before must not bring it back as a discovered one.
     */
    public void forgotten(String backendId) {
        if (backendId != null) {
            forgotten.put(backendId, Times.now());
        }
    }

    /** An HA restart is about to define instance {@code name} on the host: not a discovery. */
    public void arriving(String hostId, String name) {
        arriving.put(hostId + "|" + name, Long.MAX_VALUE);
    }

    /** The HA restart moved the instance's row to the host (or gave up): listings from now on know it. */
    public void arrived(String hostId, String name) {
        arriving.put(hostId + "|" + name, Times.now());
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::syncAll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void syncAll() {
        try {
            tx.call(em -> em.createQuery("SELECT h.id FROM HostEntity h WHERE h.state = 'UP'", String.class)
                    .getResultList()).forEach(this::syncHost);
        } catch (RuntimeException e) {
            LOG.warn("Inventory sync round failed", e);
        }
    }

    /** Starts a sync of one host unless one is already running; never throws. */
    public void syncHost(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null || host.getState() != HostState.UP) {
            return;
        }
        var driver = drivers.find(host.getType());
        if (driver.isEmpty() || !driver.get().capabilities().contains(HypervisorCapability.DISCOVERY)
                || !syncing.add(hostId)) {
            return;
        }
        OperationContext ctx = new OperationContext("sync-" + UUID.randomUUID(), Instant.now().plus(LIST_TIMEOUT),
                "system", executor);
        long listedAt = Times.now();
        driver.get().listInstances(ctx, access.endpoint(host)).toCompletableFuture()
                .orTimeout(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((found, error) -> {
                    try {
                        if (error == null) {
                            reconcile(hostId, found, listedAt, InstanceKinds.of(driver.get()));
                        } else {
                            LOG.debug("Sync of host {} failed: {}", hostId, error.getMessage());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Sync of host {} failed", hostId, e);
                    } finally {
                        syncing.remove(hostId);
                    }
                });
    }

    /**
     * Reconciles the host's inventory with what its backend listed at {@code listedAt}. An
     * instance changed since (a create or a start that finished after the listing) is left for
     * the next round: the listing cannot know it yet, and would mark it missing or stopped.
     */
    public void reconcile(String hostId, List<InstanceInfo> found, long listedAt, String kind) {
        Map<String, InstanceInfo> byBackendId = new HashMap<>();
        found.forEach(info -> byBackendId.put(info.backendId(), info));
        List<InstanceEntity> known = tx.call(em -> {
            List<InstanceEntity> inventory = em.createQuery("SELECT i FROM InstanceEntity i WHERE i.hostId = ?1",
                    InstanceEntity.class).setParameter(1, hostId).getResultList();
            HostEntity host = em.find(HostEntity.class, hostId);
            if (host != null && host.getInstanceCount() != inventory.size()) {
                claims.recountInstances(em, hostId); // heals a count an interrupted task left behind
            }
            return inventory;
        });
        Map<String, InstanceEntity> byName = new HashMap<>();
        Set<String> busy = busy(hostId);
        for (InstanceEntity instance : known) {
            byName.put(instance.getName(), instance);
            InstanceInfo info = instance.getBackendId() == null ? null : byBackendId.remove(instance.getBackendId());
            if (instance.getState().transitional() || busy.contains(instance.getId())
                    || instance.getUpdatedAt() >= listedAt) {
                // a task owns it, or it changed after the listing began: the listing is stale for it
                continue;
            }
            if (info == null && instance.getBackendId() != null) {
                vanished(instance);
            } else if (info != null) {
                refresh(instance, info);
            }
        }
        forgotten.values().removeIf(at -> at < listedAt - FORGET_AFTER.toMillis());
        arriving.values().removeIf(at -> at < listedAt - FORGET_AFTER.toMillis());
        leftovers(hostId, byBackendId);
        Set<String> moving = movingHere(hostId, byBackendId.keySet());
        for (InstanceInfo info : byBackendId.values()) {
            // a create in flight knows the name before the backend id: leave it to its task; an
            // instance deleted (or rolled back) after the listing began is gone, not new; one a task
            // of another host is moving here (a migration, an HA restart) is that task's
            Long gone = forgotten.get(info.backendId());
            Long restarted = arriving.get(hostId + "|" + info.name());
            if (!byName.containsKey(info.name()) && (gone == null || gone < listedAt)
                    && !moving.contains(info.backendId()) && (restarted == null || restarted < listedAt)) {
                discovered(hostId, info, kind);
            }
        }
    }

    /**
     * Takes out of {@code listed} the definitions HA restarts left on this host (its instances run
     * elsewhere now: after a power loss a KVM host still defines them, shut off) and removes them from
     * the hypervisor; the instances' rows, on their new hosts, are not touched. A leftover no longer
     * listed is forgotten.
     */
    private void leftovers(String hostId, Map<String, InstanceInfo> listed) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = tx.call(em -> em.createNativeQuery("SELECT BACKEND_ID, INSTANCE_ID FROM HA_LEFTOVERS "
                + "WHERE HOST_ID = ?").setParameter(1, hostId).getResultList());
        for (Object[] row : rows) {
            String backendId = (String) row[0];
            String instanceId = (String) row[1];
            InstanceInfo left = listed.remove(backendId);
            if (left == null) {
                forgetLeftover(hostId, backendId);
                continue;
            }
            access.target(hostId, false).thenCompose(t -> t.driver().undefine(new OperationContext("sync-"
                    + UUID.randomUUID(), Instant.now().plus(LIST_TIMEOUT), "system", executor), t.endpoint(),
                    backendId)).whenComplete((v, error) -> {
                        if (error != null) {
                            LOG.warn("Host {}: the definition {} an HA restart left was not removed: {}", hostId,
                                    backendId, error.getMessage());
                            return;
                        }
                        forgetLeftover(hostId, backendId);
                        events.publish("instance/ha-leftover-removed", instanceId, "system", null, "host " + hostId
                                + " is back: the definition of " + left.name() + " (" + left.state() + ") it kept "
                                + "from before the instance restarted elsewhere was removed");
                    });
        }
    }

    private void forgetLeftover(String hostId, String backendId) {
        tx.run(em -> em.createNativeQuery("DELETE FROM HA_LEFTOVERS WHERE HOST_ID = ? AND BACKEND_ID = ?")
                .setParameter(1, hostId).setParameter(2, backendId).executeUpdate());
    }

    /** Ids of the host's instances a task is working on (one query per host, not per instance). */
    private Set<String> busy(String hostId) {
        return new HashSet<>(tx.call(em -> em.createQuery("SELECT t.resourceId FROM TaskEntity t WHERE "
                + "(t.state = 'QUEUED' OR t.state = 'RUNNING') AND t.resourceId IN (SELECT i.id FROM InstanceEntity i "
                + "WHERE i.hostId = ?1)", String.class).setParameter(1, hostId).getResultList()));
    }

    /**
     * Of the backend ids listed on a host but not in its inventory, those of an instance of another host
     * that a task is working on: a migration moves it here and moves its row when the hypervisor is done.
     */
    private Set<String> movingHere(String hostId, Set<String> backendIds) {
        if (backendIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(tx.call(em -> em.createQuery("SELECT i.backendId FROM InstanceEntity i WHERE i.hostId <> "
                + ":host AND i.backendId IN :ids AND i.id IN (SELECT t.resourceId FROM TaskEntity t WHERE t.state = "
                + "'QUEUED' OR t.state = 'RUNNING')", String.class).setParameter("host", hostId)
                .setParameter("ids", List.copyOf(backendIds)).getResultList()));
    }

    private void discovered(String hostId, InstanceInfo info, String kind) {
        InstanceEntity instance = tx.call(em -> {
            InstanceEntity entity = new InstanceEntity();
            entity.setId(Ids.newId());
            entity.setName(info.name());
            entity.setHostId(hostId);
            entity.setManaged(false);
            entity.setKind(kind);
            entity.setBackendId(info.backendId());
            apply(entity, info);
            entity.setCreatedAt(Times.now());
            em.persist(entity);
            claims.countInstances(em, hostId, 1);
            return entity;
        });
        events.publish("instance/discovered", instance.getId(), "system", null, "found unmanaged instance "
                + info.name() + " (" + info.state() + ", " + info.cpus() + " vCPUs, " + info.memoryMiB()
                + " MiB) on host " + hostId);
    }

    private void refresh(InstanceEntity known, InstanceInfo info) {
        String before = known.getState() + "/" + known.getCpus() + "/" + known.getMemoryMib();
        String after = stateOf(info) + "/" + info.cpus() + "/" + info.memoryMiB();
        String details = Json.write(info.details());
        if (before.equals(after) && details.equals(known.getDetails() == null ? Json.write(Map.of())
                : known.getDetails())) {
            return;
        }
        InstanceEntity updated = tx.call(em -> {
            InstanceEntity entity = em.find(InstanceEntity.class, known.getId());
            if (entity == null) {
                return null;
            }
            if (entity.isManaged()) {
                adjustClaim(em, entity, info);
            }
            apply(entity, info);
            return entity;
        });
        if (updated != null && !before.equals(after)) {
            events.publish("instance/changed", updated.getId(), "system", updated.getVdcId(), "instance "
                    + updated.getName() + " changed outside OVM: " + before + " -> " + after
                    + " (state/vCPUs/MiB)");
        }
    }

    private void vanished(InstanceEntity known) {
        boolean removed = tx.call(em -> {
            InstanceEntity entity = em.find(InstanceEntity.class, known.getId());
            if (entity == null) {
                return false;
            }
            if (!entity.isManaged()) {
                claims.countInstances(em, entity.getHostId(), -1);
                em.remove(entity);
                return true;
            }
            if (entity.getState() != InstanceState.MISSING) {
                // once: a row rewritten every round would never look older than the next listing
                entity.setState(InstanceState.MISSING);
                entity.setUpdatedAt(Times.now());
            }
            return false;
        });
        if (removed || known.getState() != InstanceState.MISSING) {
            events.publish("instance/vanished", known.getId(), "system", known.getVdcId(), "instance "
                    + known.getName() + " is gone from its host" + (removed ? "; removed from the inventory"
                            : "; marked MISSING (delete it to release its resources)"));
        }
    }

    /**
     * A managed instance resized outside OVM: its host's allocation and its VDC's usage follow
     * (even past the quota: the change has happened; the next create sees the quota full).
     */
    private void adjustClaim(EntityManager em, InstanceEntity entity, InstanceInfo info) {
        int cpuDelta = info.cpus() - entity.getCpus();
        long memoryDelta = info.memoryMiB() - entity.getMemoryMib();
        if (cpuDelta != 0 || memoryDelta != 0) {
            claims.book(em, entity.getHostId(), cpuDelta, memoryDelta);
            quotas.release(em, entity.getVdcId(), -cpuDelta, -memoryDelta, 0, 0);
        }
    }

    private static void apply(InstanceEntity entity, InstanceInfo info) {
        entity.setState(stateOf(info));
        entity.setCpus(info.cpus());
        entity.setMemoryMib(info.memoryMiB());
        entity.setDetails(Json.write(info.details()));
        entity.setUpdatedAt(Times.now());
    }

    private static InstanceState stateOf(InstanceInfo info) {
        return InstanceState.of(info.state());
    }
}
