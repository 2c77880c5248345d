package org.ovm.core.instance.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;

/**
 * The admin's "confirm host is powered off" ({@code POST /hosts/{id}/confirm-down}), which releases
 * the HA restart of a {@code DOWN} or {@code NON_RESPONSIVE} host's instances ({@link HaRestartOperation}),
 * and the retries, with backoff, of those that found no host, while the host stays confirmed down.
 */
public final class HaRestarts {

    /** The first retry after a run that left instances waiting; each further one waits twice as long. */
    static final long FIRST_RETRY_MILLIS = 15_000;
    static final long MAX_RETRY_MILLIS = 5 * 60_000;

    private final Tx tx;
    private final TaskEngine engine;
    private final EventPublisher events;
    /** Per host: runs in a row that left instances waiting, and when the next may start. */
    private final Map<String, long[]> backoff = new ConcurrentHashMap<>();

    public HaRestarts(Tx tx, TaskEngine engine, EventPublisher events) {
        this.tx = tx;
        this.engine = engine;
        this.events = events;
    }

    /**
     * Records the admin's word that the host is powered off and starts {@code host.ha-restart}. 403 for
     * non-admins, 404 for an unknown host, 409 unless the host is {@code DOWN} or {@code NON_RESPONSIVE}.
     */
    public TaskView confirmDown(Caller caller, String hostId) {
        if (!caller.isAdmin()) {
            throw OvmException.forbidden("only administrators confirm that a host is powered off");
        }
        String[] name = new String[1];
        TaskEntity task = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, hostId);
            if (host == null) {
                throw OvmException.notFound("host", hostId);
            }
            if (host.getState() != HostState.DOWN && host.getState() != HostState.NON_RESPONSIVE) {
                throw OvmException.conflict(null, "host " + host.getName() + " is " + host.getState() + "; only a "
                        + "DOWN or NON_RESPONSIVE host can be confirmed powered off");
            }
            name[0] = host.getName();
            host.setConfirmedDownAt(Times.now());
            host.setConfirmedDownBy(caller.username());
            return engine.create(em, HaRestartOperation.NAME, hostId, caller, null, TaskParams.NONE);
        });
        backoff.remove(hostId);
        engine.start(task);
        events.publish(caller, "host/confirmed-down", hostId, null, caller.username() + " confirmed that host "
                + name[0] + " is powered off (the admin's word: OVM cannot check it); its HA instances restart on "
                + "other hosts of its cluster");
        return TaskServiceImpl.view(task, List.of());
    }

    /**
     * The monitor found HA instances still waiting on a host confirmed powered off: starts another
     * {@code host.ha-restart} once the backoff has passed, unless one is queued or running.
     */
    public void retry(String hostId) {
        long[] state = backoff.get(hostId);
        if (state != null && Times.now() < state[1]) {
            return;
        }
        if (!tx.call(em -> TaskEngine.pending(em, hostId, HaRestartOperation.NAME))) {
            engine.submit(HaRestartOperation.NAME, hostId, Caller.SYSTEM, null, TaskParams.NONE);
        }
    }

    /** A run ended: all restarted clears the backoff, any left waiting doubles it. */
    public void finished(String hostId, List<HaRestartOperation.Attempt> attempts) {
        if (attempts.stream().noneMatch(a -> a.failure() != null)) {
            backoff.remove(hostId);
            return;
        }
        backoff.compute(hostId, (k, old) -> {
            long failures = old == null ? 1 : old[0] + 1;
            return new long[] {failures, Times.now() + delay(failures)};
        });
    }

    /** The wait before the retry that follows {@code failures} failed runs in a row (HA restarts and fences). */
    public static long delay(long failures) {
        return Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(20, failures - 1));
    }
}
