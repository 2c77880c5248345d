package org.ovm.core.backup.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.internal.VolumeTransfers;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ending backups: a backup's file is deleted through its pool's driver, then its row goes and its
 * quota claim is given back. Used by {@code backup.delete}, by the compensation of a failed backup
 * task, and by the pruning of an instance's scheduled backups beyond its schedule's {@code keep}.
 */
final class BackupFiles {

    static final String DELETE = "backup.delete";

    private static final Logger LOG = LoggerFactory.getLogger(BackupFiles.class);

    private final Tx tx;
    private final VolumeTransfers transfers;
    private final EventPublisher events;
    private final QuotaClaims quotas;

    BackupFiles(Tx tx, VolumeTransfers transfers, EventPublisher events, QuotaClaims quotas) {
        this.tx = tx;
        this.transfers = transfers;
        this.events = events;
        this.quotas = quotas;
    }

    /** Deletes the backups' files (those written so far; drivers ignore a missing one), then their rows and claims. */
    CompletionStage<Void> discard(StepContext ctx, List<String> ids) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String id : ids) {
            chain = chain.thenCompose(v -> {
                BackupEntity backup = tx.call(em -> em.find(BackupEntity.class, id));
                return backup == null ? CompletableFuture.completedFuture(null) : remove(ctx, backup);
            });
        }
        return chain;
    }

    /** Deletes the backup's file, then (only once it is gone) its row and its quota claim. */
    CompletionStage<Void> remove(StepContext ctx, BackupEntity backup) {
        return transfers.delete(ctx, backup.getPoolId(), null, backup.getName()).thenRun(() -> tx.run(em -> {
            BackupEntity row = em.find(BackupEntity.class, backup.getId());
            if (row != null) {
                quotas.release(em, row.getVdcId(), 0, 0, row.getClaimedGib(), 0);
                em.remove(row);
            }
        }));
    }

    /** {@code backup.delete}: the row is {@code DELETING} since the request; a failure leaves it {@code ERROR}. */
    Operation deleteOperation() {
        Step delete = Step.of("delete", ctx -> {
            String id = ctx.params(BackupParams.Delete.class).backupId();
            BackupEntity backup = tx.call(em -> em.find(BackupEntity.class, id));
            if (backup == null) {
                return CompletableFuture.completedFuture(Map.of());
            }
            return remove(ctx, backup).handle((v, error) -> {
                if (error != null) {
                    setState(id, BackupStates.ERROR);
                    events.record("backup/deleted", id, ctx.caller(), ctx.source(), Outcome.FAILED, backup.getVdcId(),
                            "backup " + backup.getName() + " could not be deleted: " + Failures.message(error));
                    throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                }
                events.record("backup/deleted", id, ctx.caller(), ctx.source(), Outcome.SUCCEEDED, backup.getVdcId(),
                        "backup " + backup.getName() + " of volume " + backup.getVolumeName() + " deleted");
                return Map.<String, String>of();
            });
        });
        return new SimpleOperation(DELETE, List.of(delete), Operation.Recovery.RESUME);
    }

    /**
     * Deletes the instance's oldest scheduled {@code READY} backups of each volume beyond {@code keep};
     * manual backups are never pruned. Failures are logged and reported as {@code backup/pruned}
     * events with outcome {@code FAILED} (the backup is left {@code ERROR}); the returned stage never fails.
     */
    CompletionStage<Void> prune(StepContext ctx, String instanceId, int keep) {
        List<BackupEntity> scheduled = tx.call(em -> em.createQuery("SELECT b FROM BackupEntity b WHERE "
                + "b.instanceId = ?1 AND b.scheduled = TRUE AND b.state = ?2 ORDER BY b.createdAt DESC, b.id DESC",
                BackupEntity.class).setParameter(1, instanceId).setParameter(2, BackupStates.READY).getResultList());
        Map<String, Integer> kept = new HashMap<>();
        List<BackupEntity> doomed = new ArrayList<>();
        for (BackupEntity backup : scheduled) {
            int count = kept.merge(String.valueOf(backup.getVolumeId()), 1, Integer::sum);
            if (count > keep) {
                doomed.add(backup);
            }
        }
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (BackupEntity backup : doomed) {
            chain = chain.thenCompose(v -> {
                setState(backup.getId(), BackupStates.DELETING);
                return remove(ctx, backup).handle((ok, error) -> {
                    if (error != null) {
                        LOG.warn("Task {}: backup {} was not pruned: {}", ctx.taskId(), backup.getName(),
                                Failures.message(error));
                        setState(backup.getId(), BackupStates.ERROR);
                    }
                    events.record("backup/pruned", backup.getId(), ctx.caller(), ctx.source(),
                            error == null ? Outcome.SUCCEEDED : Outcome.FAILED, backup.getVdcId(), error == null
                                    ? "scheduled backup " + backup.getName() + " pruned (the schedule keeps " + keep + ")"
                                    : "scheduled backup " + backup.getName() + " could not be pruned: "
                                            + Failures.message(error));
                    return null;
                });
            });
        }
        return chain;
    }

    void setState(String id, String state) {
        tx.run(em -> {
            BackupEntity row = em.find(BackupEntity.class, id);
            if (row != null) {
                row.setState(state);
            }
        });
    }
}
