package org.ovm.core.backup.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.storage.internal.VolumeTransfers;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.storage.VolumeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backup.restore}. As a new volume: the volume's row and quota were claimed with the request
 * ({@code CREATING}); the backup is copied into it and it turns {@code DETACHED}; a failure deletes
 * the copy, the row and the claim. Over the original (detached, or its instance stopped; the task
 * queues on it): the backup is first copied next to the volume under a temporary name (a failure
 * there leaves the volume untouched), then the volume's file is replaced by a copy of that (the
 * volume keeps its name, path and id; drivers address files by name) and the temporary copy goes.
 */
final class RestoreOperation {

    static final String RESTORE = "backup.restore";

    private static final Logger LOG = LoggerFactory.getLogger(RestoreOperation.class);

    private final Tx tx;
    private final VolumeTransfers transfers;
    private final EventPublisher events;
    private final QuotaClaims quotas;

    RestoreOperation(Tx tx, VolumeTransfers transfers, EventPublisher events, QuotaClaims quotas) {
        this.tx = tx;
        this.transfers = transfers;
        this.events = events;
        this.quotas = quotas;
    }

    Operation operation() {
        Step reserve = Step.compensated("reserve", ctx -> CompletableFuture.completedFuture(Map.of()), ctx -> {
            BackupParams.Restore params = ctx.params(BackupParams.Restore.class);
            if (!params.overwrite()) {
                tx.run(em -> {
                    VolumeEntity volume = em.find(VolumeEntity.class, params.volumeId());
                    if (volume != null) {
                        quotas.release(em, volume.getVdcId(), 0, 0,
                                params.quotaGiB(), 0);
                        em.remove(volume);
                    }
                });
            }
            return CompletableFuture.completedFuture(null);
        });
        Step target = Step.compensated("copy", ctx -> {
            BackupParams.Restore params = ctx.params(BackupParams.Restore.class);
            BackupEntity backup = backup(params.backupId());
            VolumeEntity volume = volume(params.volumeId());
            String name = params.overwrite() ? params.tempName() : volume.getName();
            return transfers.transfer(ctx, source(backup), volume.getPoolId(), name).thenApply(info -> {
                if (!params.overwrite()) {
                    tx.run(em -> {
                        VolumeEntity row = em.find(VolumeEntity.class, volume.getId());
                        row.setPath(info.path());
                        row.setFormat(info.format() == null ? backup.getFormat() : info.format());
                        row.setState(VolumeState.DETACHED);
                    });
                    restored(ctx, backup, volume, "as new volume " + volume.getName());
                }
                return Map.<String, String>of();
            });
        }, ctx -> {
            BackupParams.Restore params = ctx.params(BackupParams.Restore.class);
            VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, params.volumeId()));
            if (volume == null) {
                return CompletableFuture.completedFuture(null);
            }
            return transfers.delete(ctx, volume.getPoolId(), null, params.overwrite() ? params.tempName()
                    : volume.getName());
        });
        Step replace = Step.of("replace", ctx -> {
            BackupParams.Restore params = ctx.params(BackupParams.Restore.class);
            if (!params.overwrite()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            BackupEntity backup = backup(params.backupId());
            VolumeEntity volume = volume(params.volumeId());
            requireStopped(volume);
            VolumeTransfers.Source temp = new VolumeTransfers.Source(volume.getPoolId(), params.tempName(),
                    backup.getSizeBytes(), backup.getFormat());
            // the temporary copy is complete: only now does the volume's own file go
            return transfers.delete(ctx, volume.getPoolId(), null, volume.getName())
                    .thenCompose(v -> transfers.transfer(ctx, temp, volume.getPoolId(), volume.getName()))
                    .thenApply(info -> {
                        switchRow(volume.getId(), backup, info);
                        return Map.<String, String>of();
                    });
        });
        Step cleanup = Step.of("cleanup", ctx -> {
            BackupParams.Restore params = ctx.params(BackupParams.Restore.class);
            if (!params.overwrite()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            BackupEntity backup = backup(params.backupId());
            VolumeEntity volume = volume(params.volumeId());
            return transfers.delete(ctx, volume.getPoolId(), null, params.tempName()).handle((v, error) -> {
                if (error != null) {
                    LOG.warn("Task {}: the temporary copy {} was not deleted: {}", ctx.taskId(), params.tempName(),
                            Failures.message(error));
                }
                restored(ctx, backup, volume, "over volume " + volume.getName());
                return Map.<String, String>of();
            });
        });
        return new SimpleOperation(RESTORE, List.of(reserve, target, replace, cleanup), Operation.Recovery.COMPENSATE);
    }

    private void switchRow(String volumeId, BackupEntity backup, VolumeInfo info) {
        tx.run(em -> {
            VolumeEntity row = em.find(VolumeEntity.class, volumeId);
            long before = Sizes.gib(row.getSizeBytes());
            long after = Sizes.gib(backup.getSizeBytes());
            if (before > after) {
                // the volume grew after the backup: it has the backup's size again
                quotas.release(em, row.getVdcId(), 0, 0, before - after, 0);
            }
            row.setPath(info.path());
            row.setFormat(info.format() == null ? backup.getFormat() : info.format());
            row.setSizeBytes(backup.getSizeBytes());
            row.setBackingImageId(null);
        });
    }

    private void restored(StepContext ctx, BackupEntity backup, VolumeEntity volume, String how) {
        events.record("backup/restored", backup.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED,
                volume.getVdcId(), "backup " + backup.getName() + " restored " + how);
    }

    private void requireStopped(VolumeEntity volume) {
        InstanceEntity user = volume.getInstanceId() == null ? null
                : tx.call(em -> em.find(InstanceEntity.class, volume.getInstanceId()));
        if (user != null && user.getState() != InstanceState.STOPPED) {
            throw OvmException.conflict(null, "instance " + user.getName() + " is " + user.getState()
                    + ": stop it to restore over volume " + volume.getName());
        }
    }

    static VolumeTransfers.Source source(BackupEntity backup) {
        return new VolumeTransfers.Source(backup.getPoolId(), backup.getName(), backup.getSizeBytes(),
                backup.getFormat());
    }

    private BackupEntity backup(String id) {
        BackupEntity backup = tx.call(em -> em.find(BackupEntity.class, id));
        if (backup == null) {
            throw OvmException.conflict(null, "backup " + id + " was deleted");
        }
        return backup;
    }

    private VolumeEntity volume(String id) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, id));
        if (volume == null) {
            throw OvmException.conflict(null, "volume " + id + " was deleted");
        }
        return volume;
    }
}
