package org.ovm.core.host.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.internal.HaRestarts;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.fence.FenceEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fencing of failed hosts ({@code host.fence}): once the monitor declares a host with power management
 * {@code DOWN}, the host's controller powers it off through its {@link FenceDriver}; only when the driver
 * reports the power off is the host recorded as known off ({@code CONFIRMED_DOWN_AT/BY}, as an admin's
 * confirmation would) and its HA instances restarted elsewhere ({@code restart}, the work of
 * {@code host.ha-restart}); then the host is powered on again unless its settings say otherwise. A fence
 * that fails leaves everything as it was (nothing restarts: never run an instance twice) and is retried
 * with backoff while the host stays down; the host's reason says why.
 */
public final class HostFencing {

    public static final String NAME = "host.fence";

    /** How long a power off (or on) may take, the driver's status polls included. */
    static final Duration POWER_TIMEOUT = Duration.ofSeconds(120);

    private static final Logger LOG = LoggerFactory.getLogger(HostFencing.class);

    private final Tx tx;
    private final TaskEngine engine;
    private final DriverRegistry<FenceDriver> fences;
    private final HostPowerManagement power;
    private final EventPublisher events;
    /** Per host: failed fences in a row, when the next may start, and the last failure. */
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();

    private record Backoff(long failures, long nextAt, String reason) {
    }

    HostFencing(Tx tx, TaskEngine engine, DriverRegistry<FenceDriver> fences, HostPowerManagement power,
            EventPublisher events) {
        this.tx = tx;
        this.engine = engine;
        this.fences = fences;
        this.power = power;
        this.events = events;
    }

    /**
     * The monitor found the host down and not known off: starts {@code host.fence} unless the host has no power
     * management, one is queued or running, or the backoff after a failed one has not passed.
     */
    void request(HostEntity host) {
        if (host.getPmType() == null || host.getConfirmedDownAt() != null) {
            return;
        }
        Backoff state = backoff.get(host.getId());
        if (state != null && Times.now() < state.nextAt()) {
            return;
        }
        if (!tx.call(em -> TaskEngine.pending(em, host.getId(), NAME))) {
            LOG.info("Host {} is {}: fencing it through its power management ({} at {})", host.getName(),
                    host.getState(), host.getPmType(), host.getPmAddress());
            engine.submit(NAME, host.getId(), Caller.SYSTEM, null, TaskParams.NONE);
        }
    }

    /** What the reason of a down host with power management says about fencing, or null without one. */
    String note(HostEntity host) {
        if (host.getPmType() == null) {
            return null;
        }
        Backoff state = backoff.get(host.getId());
        String controller = host.getPmType() + " at " + controller(host);
        if (state == null) {
            return "fencing it through its power management (" + controller + ") before they restart elsewhere";
        }
        long seconds = Math.max(0, (state.nextAt() - Times.now() + 999) / 1000);
        return "fencing it through its power management (" + controller + ") failed " + state.failures()
                + " time(s), retried in " + seconds + " s: " + state.reason() + "; fix the power-management settings "
                + "or confirm that host " + host.getName() + " is powered off (POST /hosts/" + host.getId()
                + "/confirm-down)";
    }

    /** Forgets a host's failures (it answered again, or an admin confirmed it off). */
    void forget(String hostId) {
        backoff.remove(hostId);
    }

    /** {@code host.fence}: power off, restart the HA instances ({@code restarts}), power on. */
    public Operation operation(Function<StepContext, CompletionStage<Map<String, String>>> restarts) {
        Step off = Step.of("power-off", this::powerOff);
        Step restart = Step.of("restart", ctx -> "true".equals(ctx.output("skipped"))
                ? CompletableFuture.completedFuture(Map.of()) : restarts.apply(ctx));
        Step on = Step.of("power-on", this::powerOn);
        return new SimpleOperation(NAME, List.of(off, restart, on), Operation.Recovery.RESUME);
    }

    private CompletionStage<Map<String, String>> powerOff(StepContext ctx) {
        String hostId = ctx.resourceId();
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null || host.getState() != HostState.DOWN && host.getState() != HostState.NON_RESPONSIVE) {
            // it answered again (or was removed) before the fence: nothing to do, nothing restarts
            return CompletableFuture.completedFuture(Map.of("skipped", "true"));
        }
        if (host.getConfirmedDownAt() != null) {
            return CompletableFuture.completedFuture(Map.of("fencedBy", host.getConfirmedDownBy())); // resumed
        }
        if (host.getPmType() == null) {
            return CompletableFuture.failedFuture(OvmException.conflict(null, "host " + host.getName()
                    + " has no power management: set it (PUT /hosts/" + hostId + "/power-management) or confirm "
                    + "that the host is powered off"));
        }
        FenceEndpoint endpoint = power.endpoint(host);
        String by = "power management (" + host.getPmType() + ")";
        String controller = host.getPmType() + " at " + controller(host);
        return driver(host.getPmType(), ctx.recovering())
                .thenCompose(driver -> driver.powerOff(bounded(ctx), endpoint))
                .handle((v, error) -> {
                    if (error != null) {
                        String reason = Failures.message(error);
                        backoff.compute(hostId, (k, old) -> {
                            long failures = old == null ? 1 : old.failures() + 1;
                            return new Backoff(failures, Times.now() + HaRestarts.delay(failures), reason);
                        });
                        events.record("host/fence-failed", hostId, ctx.caller(), ctx.source(), Outcome.FAILED, null,
                                "fencing host " + host.getName() + " through " + controller + " failed: " + reason
                                        + "; its HA instances do not restart until the host is known powered off");
                        throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                    }
                    backoff.remove(hostId);
                    tx.run(em -> {
                        HostEntity current = em.find(HostEntity.class, hostId);
                        if (current != null) {
                            current.setConfirmedDownAt(Times.now());
                            current.setConfirmedDownBy(by);
                        }
                    });
                    events.record("host/fenced", hostId, ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                            "host " + host.getName() + " fenced: its controller (" + controller + ") reports the "
                                    + "power off; its HA instances restart on other hosts of its cluster");
                    return Map.of("fencedBy", by);
                });
    }

    private CompletionStage<Map<String, String>> powerOn(StepContext ctx) {
        if ("true".equals(ctx.output("skipped"))) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String hostId = ctx.resourceId();
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null || host.getPmType() == null || !host.isPmPowerOn()) {
            return CompletableFuture.completedFuture(Map.of("poweredOn", "false"));
        }
        FenceEndpoint endpoint = power.endpoint(host);
        String controller = host.getPmType() + " at " + controller(host);
        return driver(host.getPmType(), ctx.recovering())
                .thenCompose(driver -> driver.powerOn(bounded(ctx), endpoint))
                .handle((v, error) -> {
                    if (error != null) {
                        // the fence and the restarts stand; the host stays off until someone powers it on
                        events.record("host/power-on-failed", hostId, ctx.caller(), ctx.source(), Outcome.FAILED,
                                null, "powering fenced host " + host.getName() + " on through " + controller
                                        + " failed: " + Failures.message(error) + "; power it on by hand");
                        return Map.of("poweredOn", "false");
                    }
                    events.record("host/powered-on", hostId, ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                            "fenced host " + host.getName() + " powered on again through " + controller
                                    + "; it is UP once it answers two probes in a row");
                    return Map.of("poweredOn", "true");
                });
    }

    private CompletionStage<FenceDriver> driver(String type, boolean recovering) {
        if (recovering) {
            return fences.await(type, HostAccess.RECOVERY_WAIT);
        }
        try {
            return CompletableFuture.completedFuture(fences.require(type));
        } catch (OvmException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The task's context with a deadline of at most {@link #POWER_TIMEOUT}. */
    private static OperationContext bounded(StepContext ctx) {
        OperationContext op = ctx.operation();
        Instant limit = Instant.now().plus(POWER_TIMEOUT);
        return new OperationContext(op.correlationId(), op.deadline().isBefore(limit) ? op.deadline() : limit,
                op.caller(), op.executor());
    }

    private static String controller(HostEntity host) {
        return host.getPmAddress() + (host.getPmPort() == 0 ? "" : ":" + host.getPmPort());
    }
}
