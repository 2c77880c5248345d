package org.ovm.core.backup.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.backup.BackupRequest;
import org.ovm.core.backup.BackupService;
import org.ovm.core.backup.BackupView;
import org.ovm.core.backup.RestoreRequest;
import org.ovm.core.backup.ScheduleRequest;
import org.ovm.core.backup.ScheduleView;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.storage.internal.PoolOvercommit;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.storage.StorageDriver;

/**
 * Backups: reads, and the requests that start the backup tasks ({@link BackupRequests} checks and
 * claims, {@link BackupOperations} runs). Schedules are {@link BackupSchedules}'.
 */
public final class BackupServiceImpl implements BackupService {

    private final Tx tx;
    private final TaskEngine engine;
    private final QuotaClaims quotas;
    private final BackupRequests requests;
    private final BackupSchedules schedules;

    public BackupServiceImpl(Tx tx, TaskEngine engine, QuotaClaims quotas, EventPublisher events,
            Function<String, Optional<StorageDriver>> storage,
            Function<String, Optional<HypervisorDriver>> hypervisors) {
        this.tx = tx;
        this.engine = engine;
        this.quotas = quotas;
        this.requests = new BackupRequests(engine, quotas, storage, hypervisors);
        this.schedules = new BackupSchedules(tx, events, this::startInstanceBackup);
    }

    /** The schedules' part (the {@link BackupScheduler} starts due ones through it). */
    public BackupSchedules schedules() {
        return schedules;
    }

    @Override
    public List<BackupView> list(Caller caller, String volumeId, String instanceId, String poolId) {
        return tx.call(em -> {
            StringBuilder jpql = new StringBuilder("SELECT b FROM BackupEntity b WHERE 1 = 1");
            List<Object> values = new ArrayList<>();
            if (!caller.isAdmin()) {
                jpql.append(" AND b.vdcId = ?").append(values.size() + 1);
                values.add(caller.vdcId() == null ? "-" : caller.vdcId());
            }
            for (String[] filter : new String[][] {{"volumeId", volumeId}, {"instanceId", instanceId},
                    {"poolId", poolId}}) {
                if (filter[1] != null && !filter[1].isBlank()) {
                    jpql.append(" AND b.").append(filter[0]).append(" = ?").append(values.size() + 1);
                    values.add(filter[1]);
                }
            }
            jpql.append(" ORDER BY b.createdAt DESC, b.name");
            TypedQuery<BackupEntity> query = em.createQuery(jpql.toString(), BackupEntity.class);
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
            return query.getResultList().stream().map(b -> view(em, b)).toList();
        });
    }

    @Override
    public BackupView get(Caller caller, String id) {
        return tx.call(em -> view(em, visible(em, caller, id)));
    }

    @Override
    public TaskView backupVolume(Caller caller, String volumeId, BackupRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with poolId (and name) is required");
        }
        if (request.name() != null) {
            Ids.requireName("name", request.name());
        }
        TaskEntity task = tx.call(em -> {
            VolumeEntity volume = em.find(VolumeEntity.class, volumeId);
            if (volume == null || !caller.canSee(volume.getVdcId())) {
                throw OvmException.notFound("volume", volumeId);
            }
            InstanceEntity user = volume.getInstanceId() == null ? null
                    : em.find(InstanceEntity.class, volume.getInstanceId());
            return requests.create(em, caller, BackupOperations.VOLUME_BACKUP, user, List.of(volume), request.poolId(),
                    request.name(), false);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView backupInstance(Caller caller, String instanceId, BackupRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with poolId is required");
        }
        if (request.name() != null) {
            throw OvmException.invalid("name", "an instance's backups are named after its disks; leave name out");
        }
        return startInstanceBackup(caller, instanceId, request.poolId(), false);
    }

    /** Starts {@code instance.backup} of every disk of the instance (as the caller sees it). */
    TaskView startInstanceBackup(Caller caller, String instanceId, String poolId, boolean scheduled) {
        TaskEntity task = tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, instanceId);
            if (instance == null || !caller.canSee(instance.getVdcId())) {
                throw OvmException.notFound("instance", instanceId);
            }
            if (!instance.isManaged() || instance.getBackendId() == null) {
                throw OvmException.conflict(null, "instance " + instance.getName() + " is not managed by OVM");
            }
            List<VolumeEntity> disks = em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 "
                    + "ORDER BY v.createdAt, v.name", VolumeEntity.class).setParameter(1, instanceId).getResultList();
            return requests.create(em, caller, BackupOperations.INSTANCE_BACKUP, instance, disks, poolId, null,
                    scheduled);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView delete(Caller caller, String id) {
        TaskEntity task = tx.call(em -> {
            BackupEntity backup = lock(em, caller, id);
            if (!BackupStates.READY.equals(backup.getState()) && !BackupStates.ERROR.equals(backup.getState())) {
                throw OvmException.conflict(null, "backup " + backup.getName() + " is " + backup.getState());
            }
            backup.setState(BackupStates.DELETING);
            return engine.create(em, BackupFiles.DELETE, id, caller, backup.getVdcId(), new BackupParams.Delete(id));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView restore(Caller caller, String id, RestoreRequest request) {
        if (request == null || request.mode() == null) {
            throw OvmException.invalid("mode", "mode is required: new or overwrite");
        }
        String mode = request.mode().toLowerCase(Locale.ROOT);
        if (!"new".equals(mode) && !"overwrite".equals(mode)) {
            throw OvmException.invalid("mode", "mode must be new or overwrite");
        }
        if ("new".equals(mode) && request.name() != null) {
            Ids.requireName("name", request.name());
        }
        if ("overwrite".equals(mode) && (request.poolId() != null || request.name() != null)) {
            throw OvmException.invalid(request.poolId() != null ? "poolId" : "name",
                    "a restore over the original volume takes no poolId or name");
        }
        TaskEntity task = tx.call(em -> {
            BackupEntity backup = lock(em, caller, id);
            if (!BackupStates.READY.equals(backup.getState())) {
                throw OvmException.conflict(null, "backup " + backup.getName() + " is " + backup.getState());
            }
            return "new".equals(mode) ? restoreNew(em, caller, backup, request) : restoreOver(em, caller, backup);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    private TaskEntity restoreNew(EntityManager em, Caller caller, BackupEntity backup, RestoreRequest request) {
        StoragePoolEntity pool = BackupRequests.pool(em, request.poolId());
        requests.requireTransfer(em.find(StoragePoolEntity.class, backup.getPoolId()), "restored to");
        requests.requireTransfer(pool, "written from");
        requests.requireFormat(pool, backup.getFormat());
        String name = request.name() != null ? request.name() : backup.getVolumeName() + "-restored";
        BackupRequests.requireFreeName(em, caller, pool, name);
        long gib = Sizes.gib(backup.getSizeBytes());
        quotas.claim(em, backup.getVdcId(), 0, 0, gib, 0);
        PoolOvercommit.check(em, pool, backup.getSizeBytes(), "poolId");
        VolumeEntity volume = new VolumeEntity();
        volume.setId(Ids.newId());
        volume.setName(name);
        volume.setPoolId(pool.getId());
        volume.setVdcId(backup.getVdcId());
        volume.setSizeBytes(backup.getSizeBytes());
        volume.setFormat(backup.getFormat());
        volume.setState(VolumeState.CREATING);
        volume.setCreatedAt(Times.now());
        em.persist(volume);
        // queued on the backup: a delete of it waits until the copy is made
        return engine.create(em, RestoreOperation.RESTORE, backup.getId(), caller, backup.getVdcId(),
                new BackupParams.Restore(backup.getId(), volume.getId(), false, gib, null));
    }

    private TaskEntity restoreOver(EntityManager em, Caller caller, BackupEntity backup) {
        VolumeEntity volume = backup.getVolumeId() == null ? null : em.find(VolumeEntity.class, backup.getVolumeId());
        if (volume == null) {
            throw OvmException.conflict(null, "volume " + backup.getVolumeName()
                    + " no longer exists; restore the backup as a new volume");
        }
        volume = BackupRequests.lockVolume(em, volume.getId());
        InstanceEntity user = volume.getInstanceId() == null ? null
                : BackupRequests.lockInstance(em, volume.getInstanceId());
        if (user != null && user.getState() != InstanceState.STOPPED) {
            throw OvmException.conflict(null, "volume " + volume.getName() + " is in use by instance " + user.getName()
                    + " (" + user.getState() + "): stop instance " + user.getName() + " to restore over it");
        }
        StoragePoolEntity pool = em.find(StoragePoolEntity.class, volume.getPoolId());
        requests.requireTransfer(em.find(StoragePoolEntity.class, backup.getPoolId()), "restored to");
        requests.requireTransfer(pool, "written from");
        requests.requireFormat(pool, backup.getFormat());
        String temp = volume.getName() + "-restore-" + BackupRequests.STAMP.format(java.time.Instant.now());
        BackupRequests.requireFreeName(em, caller, pool, temp);
        return engine.create(em, RestoreOperation.RESTORE, user != null ? user.getId() : volume.getId(), caller,
                volume.getVdcId(), new BackupParams.Restore(backup.getId(), volume.getId(), true, 0, temp));
    }

    @Override
    public ScheduleView schedule(Caller caller, String instanceId) {
        return schedules.get(caller, visibleInstance(caller, instanceId));
    }

    @Override
    public ScheduleView putSchedule(Caller caller, String instanceId, ScheduleRequest request) {
        return schedules.put(caller, visibleInstance(caller, instanceId), request);
    }

    @Override
    public void deleteSchedule(Caller caller, String instanceId) {
        schedules.delete(caller, visibleInstance(caller, instanceId));
    }

    @Override
    public TaskView runSchedule(Caller caller, String instanceId) {
        return schedules.run(caller, visibleInstance(caller, instanceId));
    }

    private InstanceEntity visibleInstance(Caller caller, String id) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
        if (instance == null || !caller.canSee(instance.getVdcId())) {
            throw OvmException.notFound("instance", id);
        }
        return instance;
    }

    private static BackupEntity visible(EntityManager em, Caller caller, String id) {
        BackupEntity backup = em.find(BackupEntity.class, id);
        if (backup == null || !caller.canSee(backup.getVdcId())) {
            throw OvmException.notFound("backup", id);
        }
        return backup;
    }

    private static BackupEntity lock(EntityManager em, Caller caller, String id) {
        visible(em, caller, id);
        em.createNativeQuery("UPDATE BACKUPS SET STATE = STATE WHERE ID = ?").setParameter(1, id).executeUpdate();
        BackupEntity backup = em.find(BackupEntity.class, id);
        em.refresh(backup);
        return backup;
    }

    static BackupView view(EntityManager em, BackupEntity b) {
        StoragePoolEntity pool = em.find(StoragePoolEntity.class, b.getPoolId());
        return new BackupView(b.getId(), b.getName(), b.getVolumeId(), b.getVolumeName(), b.getInstanceId(),
                b.getVdcId(), b.getPoolId(), pool == null ? null : pool.getName(), b.getSizeBytes(), b.getFormat(),
                b.getConsistency(), b.getState(), b.isScheduled(), b.getPath(), Times.iso(b.getCreatedAt()));
    }
}
