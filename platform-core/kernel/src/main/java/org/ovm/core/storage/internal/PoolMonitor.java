package org.ovm.core.storage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.PoolHostKey;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.storage.PoolState;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.SharedPoolSupport;
import org.ovm.spi.storage.StorageDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every {@code UP} or {@code DEGRADED} pool each probe period ({@code storage.probe.seconds}):
 * a driver with {@link SharedPoolSupport} probes the pool once from the engine (one failure
 * degrades it), any other reads its capacity through each of its hosts that is {@code UP} (two
 * failures in a row through a host make it unreachable there: one may be the host going down,
 * which the host monitor reports). Writes the capacity, each host's row
 * ({@code UP} or {@code UNREACHABLE} with the reason) and the pool's state; records an event on each
 * change of state, and when a pool heals has the guests paused on its I/O errors resumed
 * ({@link PausedGuests}).
 */
public final class PoolMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(PoolMonitor.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    /** Failed capacity reads through one host before it counts as unreachable (a shared probe: one). */
    private static final int MISSES = 2;
    private static final String NOT_YET = "\0not yet";

    private final Tx tx;
    private final StorageAccess access;
    private final DriverRegistry<StorageDriver> drivers;
    private final EventPublisher events;
    private final PausedGuests paused;
    private final Executor executor;
    private final Duration period;
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    /** Consecutive failed capacity reads by pool and host ({@code pool|host}). */
    private final Map<String, Integer> misses = new ConcurrentHashMap<>();

    public PoolMonitor(Tx tx, StorageAccess access, DriverRegistry<StorageDriver> drivers, EventPublisher events,
            PausedGuests paused, Executor executor, Duration period) {
        this.tx = tx;
        this.access = access;
        this.drivers = drivers;
        this.events = events;
        this.paused = paused;
        this.executor = executor;
        this.period = period;
    }

    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::round, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Probes every pool that is UP or DEGRADED; never throws. */
    void round() {
        try {
            tx.call(em -> em.createQuery("SELECT p.id FROM StoragePoolEntity p WHERE p.state IN ('UP', 'DEGRADED')",
                    String.class).getResultList()).forEach(this::check);
        } catch (RuntimeException e) {
            LOG.warn("Storage pool monitor round failed", e);
        }
    }

    /** Probes one pool (unless its previous probe still runs); completes when its outcome is recorded. */
    CompletionStage<Void> check(String poolId) {
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        StorageDriver driver = pool == null ? null : drivers.find(pool.getType()).orElse(null);
        if (driver == null || !probing.add(poolId)) {
            return CompletableFuture.completedFuture(null);
        }
        OperationContext ctx = new OperationContext("pool-monitor-" + UUID.randomUUID(),
                Instant.now().plus(PROBE_TIMEOUT), "system", executor);
        CompletionStage<Void> done;
        if (driver instanceof SharedPoolSupport shared) {
            done = bounded(shared.probe(ctx, StorageAccess.spec(pool)))
                    .handle((capacity, error) -> {
                        record(poolId, capacity, error == null ? null : message(error), Map.of());
                        return null;
                    });
        } else {
            done = perHost(ctx, pool, driver);
        }
        return done.whenComplete((v, e) -> probing.remove(poolId));
    }

    /**
     * Capacity through each attached host that is UP: the hosts where it fails become UNREACHABLE. Where
     * it is UNREACHABLE already, the pool is attached there again instead (drivers attach idempotently): a
     * backend that lost its definition of the pool (a libvirtd restarted with transient pools) heals so.
     */
    private CompletionStage<Void> perHost(OperationContext ctx, StoragePoolEntity pool, StorageDriver driver) {
        Set<String> unreachable = ConcurrentHashMap.newKeySet();
        List<String> hostIds = tx.call(em -> PoolHosts.hostIds(em, pool).stream().filter(id -> {
            HostEntity host = em.find(HostEntity.class, id);
            PoolHostEntity row = em.find(PoolHostEntity.class, new PoolHostKey(pool.getId(), id));
            if (row != null && row.getState() == PoolHostState.UNREACHABLE) {
                unreachable.add(id);
            }
            return host != null && host.getState() == HostState.UP;
        }).toList());
        Map<String, String> failures = new ConcurrentHashMap<>();
        PoolCapacity[] last = new PoolCapacity[1];
        List<CompletableFuture<Void>> probes = new ArrayList<>();
        for (String hostId : hostIds) {
            probes.add(bounded(access.through(pool.getId(), hostId, false)
                    .thenCompose(t -> unreachable.contains(hostId) ? t.driver().attachPool(ctx, t.pool(), t.host())
                            : t.driver().capacity(ctx, t.pool(), t.host())))
                    .handle((capacity, error) -> {
                        String key = pool.getId() + "|" + hostId;
                        if (error == null) {
                            misses.remove(key);
                            last[0] = capacity;
                        } else if (misses.merge(key, 1, Integer::sum) >= MISSES) {
                            failures.put(hostId, message(error));
                        } else {
                            failures.put(hostId, NOT_YET);
                        }
                        return (Void) null;
                    }).toCompletableFuture());
        }
        Map<String, String> outcome = new HashMap<>();
        hostIds.forEach(id -> outcome.put(id, null));
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenRun(() -> {
            outcome.putAll(failures);
            // one miss through a host may be the host itself going down: its row waits for the next probe
            outcome.values().removeIf(NOT_YET::equals);
            record(pool.getId(), last[0], null, outcome);
        });
    }

    private <T> CompletableFuture<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String message(Throwable error) {
        String message = Failures.message(error);
        if (Failures.unwrap(error) instanceof java.util.concurrent.TimeoutException) {
            message = "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
        }
        return message == null || message.isBlank() ? "no reason given" : message;
    }

    /**
     * Stores a probe's outcome.
     *
     * @param probeFailure why the pool's own probe failed (every usable host becomes UNREACHABLE), or null
     * @param hosts        per probed host: null when its capacity read worked, else why not
     */
    void record(String poolId, PoolCapacity capacity, String probeFailure, Map<String, String> hosts) {
        PoolState[] states = new PoolState[2];
        String[] names = new String[2];
        boolean[] healed = new boolean[1];
        tx.run(em -> {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
            if (pool == null || pool.getState() != PoolState.UP && pool.getState() != PoolState.DEGRADED) {
                return; // removed, or an attach runs again
            }
            states[0] = pool.getState();
            long now = Times.now();
            List<PoolHostEntity> rows = PoolHosts.rows(em, poolId);
            for (PoolHostEntity row : rows) {
                if (row.getState() != PoolHostState.UP && row.getState() != PoolHostState.UNREACHABLE) {
                    continue;
                }
                boolean probed = probeFailure != null || capacity != null && hosts.isEmpty()
                        || hosts.containsKey(row.getHostId());
                if (!probed) {
                    continue;
                }
                String failure = probeFailure != null ? probeFailure : hosts.get(row.getHostId());
                PoolHostState next = failure == null ? PoolHostState.UP : PoolHostState.UNREACHABLE;
                healed[0] |= row.getState() == PoolHostState.UNREACHABLE && next == PoolHostState.UP;
                row.setState(next);
                row.setReason(PoolStates.cut(failure));
                row.setCheckedAt(now);
            }
            if (capacity != null) {
                pool.setTotalBytes(capacity.totalBytes());
                pool.setAvailableBytes(capacity.availableBytes());
            }
            PoolStates.derive(pool, rows, probeFailure, id -> {
                HostEntity host = em.find(HostEntity.class, id);
                return host == null ? id : host.getName();
            });
            states[1] = pool.getState();
            names[0] = pool.getName();
            names[1] = pool.getStateReason();
        });
        if (states[0] == null) {
            return;
        }
        if (states[1] != states[0] || states[1] == PoolState.DEGRADED && healed[0]) {
            if (states[1] == PoolState.DEGRADED && states[0] != PoolState.DEGRADED) {
                LOG.warn("Storage pool {} is degraded: {}", names[0], names[1]);
                events.publish("pool/degraded", poolId, "system", null, "pool " + names[0] + " is degraded: "
                        + names[1]);
            } else if (states[1] == PoolState.UP) {
                LOG.info("Storage pool {} is up again", names[0]);
                events.publish("pool/up", poolId, "system", null, "pool " + names[0] + " is up again");
            }
        }
        if (healed[0] || states[0] == PoolState.DEGRADED && states[1] == PoolState.UP) {
            paused.resume(poolId, names[0]);
        }
    }
}
