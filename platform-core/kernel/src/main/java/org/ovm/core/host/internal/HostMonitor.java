package org.ovm.core.host.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.ovm.core.host.HostState;
import org.ovm.core.instance.internal.HaChecks;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every host periodically, and at once when the driver for its type appears or goes
 * away: a host whose driver is absent is {@code ERROR} with the reason, and so is one that
 * refuses the credentials or whose certificate changed ({@code UNAUTHORIZED}). Otherwise
 * {@link HostHealth} decides: one miss {@code SUSPECT}, two in a row {@code DOWN}, or
 * {@code NON_RESPONSIVE} when HA instances wait to restart elsewhere (until an admin confirms the
 * host is off); a good probe {@code UP} with fresh facts (two in a row after {@code DOWN}).
 */
public final class HostMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    /** How many ticks a round's probes are spread over. */
    static final int SLICES = 10;

    private final Tx tx;
    private final HostAccess access;
    private final HostOperations hosts;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Duration period;
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    /** The hosts as read at the start of the current round (the monitor thread only). */
    private List<HostEntity> round;
    private long ticks;
    /**
     * The state the monitor itself last recorded per host: the round's rows may be a period old, so a good probe
     * skips its transaction only when both say UP (a host found SUSPECT during the round must be written UP again).
     */
    private final Map<String, HostState> recorded = new ConcurrentHashMap<>();
    /** Good probes in a row of hosts that recover from DOWN or NON_RESPONSIVE. */
    private final Map<String, Integer> streaks = new ConcurrentHashMap<>();
    /** Told the id of each host confirmed powered off whose HA instances still wait (to retry them). */
    private final Consumer<String> confirmedWaiting;
    /** Fences a failed host with power management before its HA instances restart; null: no fencing. */
    private final HostFencing fencing;

    public HostMonitor(Tx tx, HostAccess access, HostOperations hosts, DriverRegistry<HypervisorDriver> drivers,
            ScheduledExecutorService scheduler, ExecutorService executor, Duration period,
            Consumer<String> confirmedWaiting) {
        this(tx, access, hosts, drivers, scheduler, executor, period, confirmedWaiting, null);
    }

    /** With {@code fencing} (null: none) of the hosts that fail and have power management. */
    public HostMonitor(Tx tx, HostAccess access, HostOperations hosts, DriverRegistry<HypervisorDriver> drivers,
            ScheduledExecutorService scheduler, ExecutorService executor, Duration period,
            Consumer<String> confirmedWaiting, HostFencing fencing) {
        this.fencing = fencing;
        this.confirmedWaiting = confirmedWaiting;
        this.tx = tx;
        this.access = access;
        this.hosts = hosts;
        this.drivers = drivers;
        this.scheduler = scheduler;
        this.executor = executor;
        this.period = period;
    }

    public void start() {
        drivers.addListener(type -> scheduler.execute(() -> checkType(type)));
        long slice = Math.max(100, period.toMillis() / SLICES);
        scheduler.scheduleWithFixedDelay(this::tick, slice, slice, TimeUnit.MILLISECONDS);
    }

    /**
     * One slice of a round: the probes of a period are spread over {@link #SLICES} ticks (a host's slice is fixed by
     * its id), so that many hosts do not all complete at once; the hosts are read once per round.
     */
    void tick() {
        try {
            long n = ticks++;
            int slice = (int) (n % SLICES);
            if (slice == 0 || round == null) {
                round = tx.call(em -> em.createQuery("SELECT h FROM HostEntity h", HostEntity.class).getResultList());
            }
            round.stream().filter(h -> Math.floorMod(h.getId().hashCode(), SLICES) == slice)
                    .filter(h -> !HostMonitor.leftAlone(h.getState())).forEach(this::check);
        } catch (RuntimeException e) {
            LOG.warn("Host monitor round failed", e);
        }
    }

    /** Checks every host of a type (all hosts when type is null). */
    void checkType(String type) {
        try {
            List<HostEntity> all = tx.call(em -> type == null
                    ? em.createQuery("SELECT h FROM HostEntity h", HostEntity.class).getResultList()
                    : em.createQuery("SELECT h FROM HostEntity h WHERE h.type = ?1", HostEntity.class)
                            .setParameter(1, type).getResultList());
            all.stream().filter(h -> !HostMonitor.leftAlone(h.getState()))
                    .forEach(this::check);
        } catch (RuntimeException e) {
            LOG.warn("Host monitor round failed", e);
        }
    }

    private void check(HostEntity host) {
        var driver = drivers.find(host.getType());
        if (driver.isEmpty()) {
            recorded.put(host.getId(), HostState.ERROR);
            hosts.recordState(host.getId(), HostState.ERROR, drivers.missingReason(host.getType()), null);
            return;
        }
        if (!probing.add(host.getId())) {
            return;
        }
        OperationContext ctx = new OperationContext("monitor-" + UUID.randomUUID(),
                Instant.now().plus(PROBE_TIMEOUT), "system", executor);
        driver.get().probe(ctx, access.endpoint(host)).toCompletableFuture()
                .orTimeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((facts, error) -> {
                    probing.remove(host.getId());
                    try {
                        if (error == null && host.getState() == HostState.UP
                                && recorded.get(host.getId()) == HostState.UP && hosts.unchanged(host, facts)) {
                            return; // UP as read this round and nothing new: no transaction at all
                        }
                        settle(host.getId(), facts, error);
                    } catch (RuntimeException e) {
                        LOG.warn("Recording the probe of host {} failed", host.getName(), e);
                    }
                });
    }

    /** Records a probe's outcome by the two-miss rule ({@link HostHealth}). */
    void settle(String hostId, HostFacts facts, Throwable error) {
        if (error != null && refused(error)) {
            // credentials or a certificate that no longer match: waiting will not heal it
            streaks.remove(hostId);
            recorded.put(hostId, HostState.ERROR);
            hosts.recordState(hostId, HostState.ERROR, Failures.message(error), null);
            return;
        }
        HostEntity now = tx.call(em -> em.find(HostEntity.class, hostId));
        if (now == null || leftAlone(now.getState())) {
            return;
        }
        boolean answered = error == null;
        List<String> waiting = answered ? List.of() : tx.call(em -> HaChecks.waiting(em, hostId).stream()
                .map(InstanceEntity::getName).toList());
        HostHealth.Verdict verdict = HostHealth.next(now.getState(), streaks.getOrDefault(hostId, 0), answered,
                !waiting.isEmpty());
        if (verdict.goodStreak() == 0) {
            streaks.remove(hostId);
        } else {
            streaks.put(hostId, verdict.goodStreak());
        }
        String missed = answered ? null : "missed 2 probes in a row: " + Failures.message(error);
        recorded.put(hostId, verdict.state());
        if (fencing != null && (verdict.state() == HostState.UP || verdict.state() == HostState.SUSPECT)) {
            fencing.forget(hostId);
        }
        switch (verdict.state()) {
            case UP -> hosts.recordState(hostId, HostState.UP, null, facts);
            case SUSPECT -> hosts.recordState(hostId, HostState.SUSPECT, "missed a probe: " + Failures.message(error),
                    null);
            case DOWN -> {
                hosts.recordState(hostId, HostState.DOWN, answered ? recovering(verdict) : missed, null);
                if (!answered && fencing != null) {
                    fencing.request(now);
                }
            }
            case NON_RESPONSIVE -> {
                if (now.getState() != HostState.DOWN && now.getState() != HostState.NON_RESPONSIVE) {
                    hosts.recordState(hostId, HostState.DOWN, missed, null); // the events say SUSPECT, DOWN, then this
                }
                hosts.recordState(hostId, HostState.NON_RESPONSIVE, answered ? recovering(verdict)
                        : nonResponsive(now, waiting, fencing == null ? null : fencing.note(now)), null);
                if (!answered && now.getConfirmedDownAt() != null) {
                    confirmedWaiting.accept(hostId);
                } else if (!answered && fencing != null) {
                    fencing.request(now);
                }
            }
            default -> LOG.warn("Host {}: unexpected verdict {}", now.getName(), verdict);
        }
    }

    /** States the monitor does not change: an admin's maintenance (or its preparation), a host being connected. */
    static boolean leftAlone(HostState state) {
        return state == HostState.MAINTENANCE || state == HostState.PREPARING_FOR_MAINTENANCE
                || state == HostState.CONNECTING;
    }

    private static String recovering(HostHealth.Verdict verdict) {
        return "answered again (" + verdict.goodStreak() + " good probe(s) in a row; UP after "
                + HostHealth.RECOVERY_PROBES + ")";
    }

    /** The reason of a NON_RESPONSIVE host: which HA instances wait, and what releases them. */
    static String nonResponsive(HostEntity host, List<String> waiting, String fenceNote) {
        String names = String.join(", ", waiting.subList(0, Math.min(5, waiting.size())))
                + (waiting.size() > 5 ? " and " + (waiting.size() - 5) + " more" : "");
        if (host.getConfirmedDownAt() != null) {
            return "known powered off (" + host.getConfirmedDownBy() + "); HA instances " + names
                    + " wait for a host to restart on (retried)";
        }
        if (fenceNote != null) {
            return "HA instances " + names + " wait: " + fenceNote;
        }
        return "HA instances " + names + " wait: confirm that host " + host.getName() + " is powered off (POST /hosts/"
                + host.getId() + "/confirm-down) or bring it back";
    }

    private static boolean refused(Throwable error) {
        return Failures.unwrap(error) instanceof DriverException e && e.code() == ErrorCode.UNAUTHORIZED;
    }
}
