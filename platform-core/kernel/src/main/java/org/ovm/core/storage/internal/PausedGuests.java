package org.ovm.core.storage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.PowerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes the guests a pool's outage paused: once the pool is back, every instance with a disk in
 * it whose hypervisor implements {@link PauseSupport} and reports it {@code PAUSED} with
 * {@code pauseReason=io-error} is resumed, with an event each. Guests paused for other reasons stay
 * paused.
 */
public final class PausedGuests {

    private static final Logger LOG = LoggerFactory.getLogger(PausedGuests.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Tx tx;
    private final HostAccess hosts;
    private final EventPublisher events;
    private final Executor executor;

    public PausedGuests(Tx tx, HostAccess hosts, EventPublisher events, Executor executor) {
        this.tx = tx;
        this.hosts = hosts;
        this.events = events;
        this.executor = executor;
    }

    /** Resumes, in the background, the instances of the pool paused on I/O errors; never throws. */
    public void resume(String poolId, String poolName) {
        List<InstanceEntity> users = tx.call(em -> em.createQuery("SELECT DISTINCT i FROM InstanceEntity i, "
                + "VolumeEntity v WHERE v.instanceId = i.id AND v.poolId = ?1 AND i.backendId IS NOT NULL",
                InstanceEntity.class).setParameter(1, poolId).getResultList());
        for (InstanceEntity instance : users) {
            OperationContext ctx = new OperationContext("pool-heal-" + UUID.randomUUID(),
                    Instant.now().plus(TIMEOUT), "system", executor);
            hosts.target(instance.getHostId(), false).thenCompose(t -> {
                if (!(t.driver() instanceof PauseSupport pause)) {
                    return CompletableFuture.completedFuture(false);
                }
                return t.driver().findInstance(ctx, t.endpoint(), instance.getBackendId()).thenCompose(found -> {
                    if (found.isEmpty() || !pausedOnIo(found.get())) {
                        return CompletableFuture.completedFuture(false);
                    }
                    return pause.resume(ctx, t.endpoint(), instance.getBackendId()).thenApply(info -> true);
                });
            }).whenComplete((resumed, error) -> {
                if (error != null) {
                    LOG.warn("Instance {} was not resumed after pool {} came back: {}", instance.getName(), poolName,
                            Failures.message(error));
                } else if (resumed) {
                    events.publish("instance/resumed", instance.getId(), "system", instance.getVdcId(), "instance "
                            + instance.getName() + " resumed: its storage pool " + poolName + " is up again");
                }
            });
        }
    }

    static boolean pausedOnIo(InstanceInfo info) {
        return info.state() == PowerState.PAUSED
                && PauseSupport.IO_ERROR.equals(info.details().get(PauseSupport.PAUSE_REASON));
    }
}
