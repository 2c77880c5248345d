package org.ovm.core.host.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ovm.core.host.HostState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every host periodically, and at once when the driver for its type appears or goes
 * away: a host whose driver is absent is {@code ERROR} with the reason, and so is one that
 * refuses the credentials or whose certificate changed ({@code UNAUTHORIZED}); one whose probe
 * fails otherwise is {@code DOWN}; otherwise {@code UP} with fresh facts.
 */
public final class HostMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final Tx tx;
    private final HostAccess access;
    private final HostOperations hosts;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final Duration period;
    private final Set<String> probing = ConcurrentHashMap.newKeySet();

    public HostMonitor(Tx tx, HostAccess access, HostOperations hosts, DriverRegistry<HypervisorDriver> drivers,
            ScheduledExecutorService scheduler, ExecutorService executor, Duration period) {
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
        scheduler.scheduleWithFixedDelay(() -> checkType(null), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Checks every host of a type (all hosts when type is null). */
    void checkType(String type) {
        try {
            List<HostEntity> all = tx.call(em -> type == null
                    ? em.createQuery("SELECT h FROM HostEntity h", HostEntity.class).getResultList()
                    : em.createQuery("SELECT h FROM HostEntity h WHERE h.type = ?1", HostEntity.class)
                            .setParameter(1, type).getResultList());
            all.stream().filter(h -> h.getState() != HostState.MAINTENANCE && h.getState() != HostState.CONNECTING)
                    .forEach(this::check);
        } catch (RuntimeException e) {
            LOG.warn("Host monitor round failed", e);
        }
    }

    private void check(HostEntity host) {
        var driver = drivers.find(host.getType());
        if (driver.isEmpty()) {
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
                    if (error == null) {
                        hosts.recordState(host.getId(), HostState.UP, null, facts);
                    } else if (refused(error)) {
                        // credentials or a certificate that no longer match: waiting will not heal it
                        hosts.recordState(host.getId(), HostState.ERROR, Failures.message(error), null);
                    } else {
                        hosts.recordState(host.getId(), HostState.DOWN, Failures.message(error), null);
                    }
                });
    }

    private static boolean refused(Throwable error) {
        return Failures.unwrap(error) instanceof DriverException e && e.code() == ErrorCode.UNAUTHORIZED;
    }
}
