package org.ovm.core.backup.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.inventory.BackupScheduleEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.internal.PoolTargets;
import org.ovm.core.storage.internal.VolumeTransfers;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.StepContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/**
 * {@code volume.backup} and {@code instance.backup}: the backups' rows and claims were made with the
 * request; each volume is copied in turn into the backup pool, offline through the pools' drivers
 * ({@link VolumeTransfers}) or, while the instance runs, by its hypervisor onto an empty volume the
 * kernel creates through the instance's host ({@link DiskBackupSupport}). Then every backup turns
 * {@code READY} at once, and a scheduled run prunes the instance's older scheduled backups. Any
 * failure (and a crash, recovered by compensation) deletes every file the task wrote, removes the
 * rows and gives the quota back: nothing is left half-made.
 */
public final class BackupOperations {

    public static final String VOLUME_BACKUP = "volume.backup";
    public static final String INSTANCE_BACKUP = "instance.backup";

    private final Tx tx;
    private final PoolTargets pools;
    private final HostTargets hosts;
    private final VolumeTransfers transfers;
    private final EventPublisher events;
    private final BackupFiles files;
    private final QuotaClaims quotas;

    public BackupOperations(Tx tx, PoolTargets pools, HostTargets hosts, EventPublisher events, QuotaClaims quotas) {
        this.tx = tx;
        this.pools = pools;
        this.hosts = hosts;
        this.transfers = new VolumeTransfers(pools, hosts);
        this.events = events;
        this.files = new BackupFiles(tx, transfers, events, quotas);
        this.quotas = quotas;
    }

    public List<Operation> all() {
        RestoreOperation restore = new RestoreOperation(tx, transfers, events, quotas);
        return List.of(create(VOLUME_BACKUP), create(INSTANCE_BACKUP), files.deleteOperation(), restore.operation());
    }

    private Operation create(String name) {
        Step reserve = Step.compensated("reserve", ctx -> CompletableFuture.completedFuture(Map.of()), ctx -> {
            List<String> ids = ctx.params(BackupParams.Create.class).ids();
            for (String id : ids) {
                BackupEntity backup = tx.call(em -> em.find(BackupEntity.class, id));
                if (backup != null) {
                    events.record("backup/failed", id, ctx.caller(), ctx.source(), Outcome.FAILED, backup.getVdcId(),
                            "backup " + backup.getName() + " of volume " + backup.getVolumeName()
                                    + " failed; its copy and its quota are given back");
                }
            }
            return files.discard(ctx, ids);
        });
        Step copy = Step.of("copy", ctx -> {
            BackupParams.Create params = ctx.params(BackupParams.Create.class);
            List<String> ids = params.ids();
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                int index = i;
                chain = chain.thenCompose(v -> copyOne(ctx, params, id, index, ids.size()));
            }
            return chain.thenApply(v -> Map.of());
        });
        Step finish = Step.of("finish", ctx -> {
            BackupParams.Create params = ctx.params(BackupParams.Create.class);
            List<BackupEntity> done = tx.call(em -> {
                List<BackupEntity> rows = new ArrayList<>();
                for (String id : params.ids()) {
                    BackupEntity row = em.find(BackupEntity.class, id);
                    if (row != null) {
                        row.setState(BackupStates.READY);
                        rows.add(row);
                    }
                }
                return rows;
            });
            for (BackupEntity backup : done) {
                events.record("backup/created", backup.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED,
                        backup.getVdcId(), "volume " + backup.getVolumeName() + " backed up as " + backup.getName()
                                + " (" + backup.getConsistency() + ")" + (params.scheduled() ? " by its schedule" : ""));
            }
            if (!params.scheduled() || params.instanceId() == null) {
                return CompletableFuture.completedFuture(Map.<String, String>of());
            }
            BackupScheduleEntity schedule = tx.call(em -> em.find(BackupScheduleEntity.class, params.instanceId()));
            // the backups are made: a prune that fails is reported, never undone
            return schedule == null ? CompletableFuture.completedFuture(Map.<String, String>of())
                    : files.prune(ctx, params.instanceId(), schedule.getKeep()).thenApply(v -> Map.<String, String>of());
        });
        return new SimpleOperation(name, List.of(reserve, copy, finish), Operation.Recovery.COMPENSATE);
    }

    /** Copies one volume into its backup's file; the row gets the path, format and consistency. */
    private CompletionStage<Void> copyOne(StepContext ctx, BackupParams.Create params, String backupId, int index,
            int count) {
        BackupEntity backup = tx.call(em -> em.find(BackupEntity.class, backupId));
        VolumeEntity volume = backup == null ? null : tx.call(em -> em.find(VolumeEntity.class, backup.getVolumeId()));
        if (volume == null) {
            return CompletableFuture.failedFuture(OvmException.conflict(null, "volume "
                    + (backup == null ? backupId : backup.getVolumeName()) + " was deleted before it was backed up"));
        }
        Progress progress = (percent, message) -> ctx.progress().report((index * 100 + percent) / count, message);
        StepContext step = new StepContext(ctx.taskId(), ctx.resourceId(), ctx.caller(), ctx.params(), ctx.outputs(),
                ctx.operation(), ctx.recovering(), progress::report, ctx.source());
        CompletionStage<Map<String, String>> made;
        if (params.live()) {
            InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, params.instanceId()));
            if (instance == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("instance " + params.instanceId()
                        + " is gone"));
            }
            made = pools.target(backup.getPoolId(), instance.getHostId(), ctx.recovering())
                    .thenCompose(t -> t.driver().createVolume(ctx.operation(), t.pool(), t.host(),
                            VolumeSpec.empty(backup.getName(), volume.getSizeBytes(), volume.getFormat())))
                    .thenCompose(info -> {
                        record(backupId, info, null);
                        return hosts.target(instance.getHostId(), ctx.recovering()).thenCompose(h -> {
                            if (!(h.driver() instanceof DiskBackupSupport backups)) {
                                throw OvmException.conflict(null, h.hostType()
                                        + " hosts cannot back up a running instance's disk");
                            }
                            progress.report(0, "backing up " + volume.getName() + " of running instance "
                                    + instance.getName());
                            return backups.backupDisk(ctx.operation(), h.endpoint(), instance.getBackendId(),
                                    volume.getPath(), new DiskSpec(info.path(), format(info, volume), null, false),
                                    progress);
                        }).thenApply(consistency -> Map.of("consistency", consistency));
                    });
        } else {
            made = transfers.transfer(step, new VolumeTransfers.Source(volume.getPoolId(), volume.getName(),
                    volume.getSizeBytes(), volume.getFormat()), backup.getPoolId(), backup.getName()).thenApply(info -> {
                        record(backupId, info, null);
                        return Map.of("consistency", BackupStates.OFFLINE);
                    });
        }
        return made.thenAccept(out -> tx.run(em -> {
            BackupEntity row = em.find(BackupEntity.class, backupId);
            if (row != null) {
                row.setConsistency(out.get("consistency"));
            }
        }));
    }

    private void record(String backupId, VolumeInfo info, String consistency) {
        tx.run(em -> {
            BackupEntity row = em.find(BackupEntity.class, backupId);
            if (row != null) {
                row.setPath(info.path());
                if (info.format() != null) {
                    row.setFormat(info.format());
                }
                if (consistency != null) {
                    row.setConsistency(consistency);
                }
            }
        });
    }

    private static String format(VolumeInfo info, VolumeEntity volume) {
        return info.format() == null ? volume.getFormat() : info.format();
    }
}
