package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.PoolHostKey;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.storage.PoolState;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.SharedPoolSupport;

/**
 * Attaches a pool to its hosts and detaches it, one host after the other, recording each host's
 * outcome in its {@code POOL_HOSTS} row and the pool's state from all of them ({@link PoolStates}).
 */
final class PoolAttachments {

    private final Tx tx;
    private final StorageAccess access;
    private final EventPublisher events;
    private final NasMounts mounts;

    PoolAttachments(Tx tx, StorageAccess access, EventPublisher events) {
        this.tx = tx;
        this.access = access;
        this.events = events;
        this.mounts = new NasMounts(access.hosts());
    }

    /** {@code pool.attach}: every host still attaching; fails only when the pool failed everywhere. */
    CompletionStage<Map<String, String>> attachAll(StepContext ctx) {
        String poolId = ctx.resourceId();
        List<String> pending = tx.call(em -> PoolHosts.rows(em, poolId).stream()
                .filter(r -> r.getState() == PoolHostState.ATTACHING).map(PoolHostEntity::getHostId).toList());
        CompletionStage<Throwable> chain = CompletableFuture.completedFuture(null);
        for (String hostId : pending) {
            chain = chain.thenCompose(first -> attach(ctx, poolId, hostId).thenApply(e -> first != null ? first : e));
        }
        return chain.thenCompose(failure -> probeWithoutHosts(ctx, poolId).thenApply(v -> failure))
                .thenApply(failure -> settle(poolId, failure, null));
    }

    /** {@code pool.host-attach}: one more host. */
    CompletionStage<Map<String, String>> attachOne(StepContext ctx) {
        String poolId = ctx.resourceId();
        String hostId = ctx.params(StorageParams.PoolHost.class).hostId();
        return attach(ctx, poolId, hostId).thenApply(failure -> {
            tx.run(em -> {
                StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
                if (pool != null && failure == null && pool.getHostId() != null && !pool.getHostId().equals(hostId)) {
                    pool.setHostId(null); // more than one host now
                }
            });
            settle(poolId, null, failure);
            if (failure == null) {
                events.record("pool/host-attached", poolId, ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                        "storage pool " + poolName(poolId) + " attached to host " + hostName(hostId));
            }
            return Map.of();
        });
    }

    /** {@code pool.host-detach}: the driver detaches it there, then the host's row goes. */
    CompletionStage<Map<String, String>> detachOne(StepContext ctx) {
        String poolId = ctx.resourceId();
        String hostId = ctx.params(StorageParams.PoolHost.class).hostId();
        return access.through(poolId, hostId, ctx.recovering())
                .thenCompose(t -> detach(ctx, t))
                .thenApply(v -> {
                    tx.run(em -> {
                        PoolHostEntity row = em.find(PoolHostEntity.class, new PoolHostKey(poolId, hostId));
                        if (row != null) {
                            em.remove(row);
                        }
                    });
                    settle(poolId, null, null);
                    events.record("pool/host-detached", poolId, ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                            "storage pool " + poolName(poolId) + " detached from host " + hostName(hostId));
                    return Map.of();
                });
    }

    /** {@code pool.detach}: every host it is attached to, then the pool's rows go. */
    CompletionStage<Void> detachAll(StepContext ctx) {
        String poolId = ctx.resourceId();
        List<String> attached = tx.call(em -> PoolHosts.rows(em, poolId).stream()
                .filter(r -> r.getState() == PoolHostState.UP || r.getState() == PoolHostState.UNREACHABLE)
                .map(PoolHostEntity::getHostId).toList());
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String hostId : attached) {
            chain = chain.thenCompose(v -> access.through(poolId, hostId, ctx.recovering()))
                    .thenCompose(t -> detach(ctx, t));
        }
        return chain.thenRun(() -> tx.run(em -> em.createQuery("DELETE FROM PoolHostEntity r WHERE r.poolId = ?1")
                .setParameter(1, poolId).executeUpdate()));
    }

    /** Attaches through one host and records the outcome in its row; completes with the failure, or null. */
    private CompletionStage<Throwable> attach(StepContext ctx, String poolId, String hostId) {
        return access.through(poolId, hostId, ctx.recovering())
                .thenCompose(t -> attach(ctx, t))
                .handle((capacity, error) -> {
                    tx.run(em -> {
                        PoolHostEntity row = em.find(PoolHostEntity.class, new PoolHostKey(poolId, hostId));
                        StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
                        if (row != null) {
                            row.setState(error == null ? PoolHostState.UP : PoolHostState.ERROR);
                            row.setReason(error == null ? null : StorageOperations.reason(error));
                            row.setCheckedAt(Times.now());
                        }
                        if (pool != null && capacity != null) {
                            pool.setTotalBytes(capacity.totalBytes());
                            pool.setAvailableBytes(capacity.availableBytes());
                        }
                    });
                    return error == null ? null : Failures.unwrap(error);
                });
    }

    /**
     * The storage driver's attach, then the host's own mount of an NFS export where its hypervisor needs one
     * ({@link NasMounts}); a failed mount undoes the attach (best effort) and fails with the mount's reason.
     */
    private CompletionStage<PoolCapacity> attach(StepContext ctx, StorageAccess.Target t) {
        return t.driver().attachPool(ctx.operation(), t.pool(), t.host())
                .thenCompose(capacity -> mounts.mount(ctx.operation(), t, ctx.recovering()).handle((mount, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(capacity);
                    }
                    return t.driver().detachPool(ctx.operation(), t.pool(), t.host())
                            .handle((v, undo) -> (PoolCapacity) null)
                            .thenCompose(v -> CompletableFuture.<PoolCapacity>failedFuture(Failures.unwrap(error)));
                }).thenCompose(stage -> stage));
    }

    /** The host's own mount goes first (refused while VMs use it), then the storage driver's detach. */
    private CompletionStage<Void> detach(StepContext ctx, StorageAccess.Target t) {
        return mounts.unmount(ctx.operation(), t, ctx.recovering())
                .thenCompose(v -> t.driver().detachPool(ctx.operation(), t.pool(), t.host()));
    }

    /** A shared pool with no host yet (an empty cluster): its capacity from its own probe. */
    private CompletionStage<Void> probeWithoutHosts(StepContext ctx, String poolId) {
        boolean none = tx.call(em -> PoolHosts.rows(em, poolId).isEmpty());
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        if (!none || pool == null || !(access.driver(pool) instanceof SharedPoolSupport shared)) {
            return CompletableFuture.completedFuture(null);
        }
        return shared.probe(ctx.operation(), StorageAccess.spec(pool)).handle((PoolCapacity capacity, Throwable e) -> {
            if (capacity != null) {
                tx.run(em -> {
                    StoragePoolEntity current = em.find(StoragePoolEntity.class, poolId);
                    current.setTotalBytes(capacity.totalBytes());
                    current.setAvailableBytes(capacity.availableBytes());
                });
            }
            return null;
        });
    }

    /**
     * Derives the pool's state from its rows; throws {@code failure} when the pool ends in
     * {@code ERROR} (or, for {@code rethrow}, whenever it is given).
     */
    private Map<String, String> settle(String poolId, Throwable failure, Throwable rethrow) {
        PoolState state = tx.call(em -> {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
            if (pool == null) {
                return null;
            }
            PoolStates.derive(pool, PoolHosts.rows(em, poolId), null, id -> {
                HostEntity host = em.find(HostEntity.class, id);
                return host == null ? id : host.getName();
            });
            return pool.getState();
        });
        if (rethrow != null) {
            throw new CompletionException(rethrow);
        }
        if (state == PoolState.ERROR && failure != null) {
            throw new CompletionException(failure);
        }
        return Map.of();
    }

    private String poolName(String poolId) {
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        return pool == null ? poolId : pool.getName();
    }

    private String hostName(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        return host == null ? hostId : host.getName();
    }
}
