package org.ovm.core.backup.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.internal.PoolHosts;
import org.ovm.core.storage.internal.PoolOvercommit;
import org.ovm.core.storage.internal.TransferChecks;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.storage.StorageDriver;

/**
 * The checks and claims of backup and restore requests, made in the request's transaction: the
 * pools, the drivers, the volumes' states, the names, the VDC's disk quota and the backup pool's
 * overcommit. Each backup's row is written {@code CREATING} before its task starts.
 */
final class BackupRequests {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final TaskEngine engine;
    private final QuotaClaims quotas;
    private final Function<String, Optional<StorageDriver>> storage;
    private final Function<String, Optional<HypervisorDriver>> hypervisors;

    BackupRequests(TaskEngine engine, QuotaClaims quotas, Function<String, Optional<StorageDriver>> storage,
            Function<String, Optional<HypervisorDriver>> hypervisors) {
        this.engine = engine;
        this.quotas = quotas;
        this.storage = storage;
        this.hypervisors = hypervisors;
    }

    /**
     * Writes one {@code CREATING} backup per volume, claims their quota and room, and creates the task
     * (not started). {@code instance}: the instance the volumes belong to (null: detached volume);
     * {@code name}: the backup's name (a single volume only; null: {@code backup-<volume>-<stamp>}).
     */
    TaskEntity create(EntityManager em, Caller caller, String operation, InstanceEntity instance,
            List<VolumeEntity> volumes, String poolId, String name, boolean scheduled) {
        StoragePoolEntity pool = pool(em, poolId);
        InstanceEntity user = instance == null ? null : lockInstance(em, instance.getId());
        boolean live = user != null && user.getState() == InstanceState.RUNNING;
        if (user != null && !live && user.getState() != InstanceState.STOPPED) {
            throw OvmException.conflict(null, "instance " + user.getName() + " is " + user.getState()
                    + ": back it up while it runs or is stopped");
        }
        if (live) {
            HostEntity host = em.find(HostEntity.class, user.getHostId());
            HypervisorDriver driver = host == null ? null : hypervisors.apply(host.getType()).orElse(null);
            if (!(driver instanceof DiskBackupSupport)) {
                throw OvmException.conflict(null, "instance " + user.getName() + " runs on a host whose driver "
                        + "cannot back up a running instance's disks; stop it first");
            }
            if (!PoolHosts.serves(em, pool, user.getHostId())) {
                throw OvmException.conflict("poolId", "backup pool " + pool.getName() + " is not attached to host "
                        + host.getName());
            }
            if (storage.apply(pool.getType()).isEmpty()) {
                throw OvmException.conflict("poolId", "storage driver " + pool.getType() + " of pool " + pool.getName()
                        + " is not installed: install " + DriverRegistry.pluginFor(pool.getType()));
            }
        } else {
            requireTransfer(pool, "written from");
        }
        if (volumes.isEmpty()) {
            throw OvmException.conflict(null, "instance " + (user == null ? "" : user.getName()) + " has no disks");
        }
        String stamp = STAMP.format(Instant.ofEpochMilli(Times.now()));
        List<String> ids = new ArrayList<>();
        long bytes = 0;
        String vdcId = null;
        for (VolumeEntity source : volumes) {
            VolumeEntity volume = lockVolume(em, source.getId());
            if (!live) {
                requireTransfer(em.find(StoragePoolEntity.class, volume.getPoolId()), "backed up to");
            }
            requireFormat(pool, volume.getFormat());
            String backupName = name;
            if (backupName == null) {
                // two backups of a volume in one second (a run right after another) get -2, -3, ...
                String base = "backup-" + volume.getName() + "-" + stamp;
                backupName = base;
                for (int n = 2; taken(em, pool, backupName); n++) {
                    backupName = base + "-" + n;
                }
            }
            requireFreeName(em, caller, pool, backupName);
            long gib = Sizes.gib(volume.getSizeBytes());
            quotas.claim(em, volume.getVdcId(), 0, 0, gib, 0);
            bytes += volume.getSizeBytes();
            BackupEntity backup = new BackupEntity();
            backup.setId(Ids.newId());
            backup.setName(backupName);
            backup.setVolumeId(volume.getId());
            backup.setVolumeName(volume.getName());
            backup.setInstanceId(volume.getInstanceId());
            backup.setVdcId(volume.getVdcId());
            backup.setPoolId(pool.getId());
            backup.setFormat(volume.getFormat());
            backup.setSizeBytes(volume.getSizeBytes());
            backup.setState(BackupStates.CREATING);
            backup.setScheduled(scheduled);
            backup.setCreatedAt(Times.now());
            backup.setClaimedGib(gib);
            em.persist(backup);
            ids.add(backup.getId());
            vdcId = volume.getVdcId();
        }
        PoolOvercommit.check(em, pool, bytes, "poolId");
        // queued on the instance when there is one (it cannot start, stop or change its disks meanwhile)
        String resource = user != null ? user.getId() : volumes.get(0).getId();
        return engine.create(em, operation, resource, caller, user != null ? user.getVdcId() : vdcId,
                new BackupParams.Create(String.join(",", ids), user == null ? null : user.getId(), live, scheduled));
    }

    /** The pool a backup or a restore writes to: it exists (400) and is usable (409). */
    static StoragePoolEntity pool(EntityManager em, String poolId) {
        return TransferChecks.targetPool(em, poolId);
    }

    /** The volume, re-read under its row's lock, in a state its data can be read in. */
    static VolumeEntity lockVolume(EntityManager em, String id) {
        return TransferChecks.lockedVolume(em, id);
    }

    /** The pool's driver copies volumes (409 naming its plugin otherwise). */
    void requireTransfer(StoragePoolEntity pool, String how) {
        TransferChecks.requireTransfer(storage, pool, how);
    }

    /** The pool stores volumes of that format (409 otherwise). */
    void requireFormat(StoragePoolEntity pool, String format) {
        TransferChecks.requireFormat(storage, pool, format);
    }

    /** The instance, re-read under its row's lock. */
    static InstanceEntity lockInstance(EntityManager em, String id) {
        em.createNativeQuery("UPDATE INSTANCES SET STATE = STATE WHERE ID = ?").setParameter(1, id).executeUpdate();
        InstanceEntity instance = em.find(InstanceEntity.class, id);
        if (instance == null) {
            throw OvmException.notFound("instance", id);
        }
        em.refresh(instance);
        return instance;
    }

    private static boolean taken(EntityManager em, StoragePoolEntity pool, String name) {
        return !em.createQuery("SELECT v.id FROM VolumeEntity v WHERE v.poolId = ?1 AND v.name = ?2")
                .setParameter(1, pool.getId()).setParameter(2, name).getResultList().isEmpty()
                || !em.createQuery("SELECT b.id FROM BackupEntity b WHERE b.poolId = ?1 AND b.name = ?2")
                        .setParameter(1, pool.getId()).setParameter(2, name).getResultList().isEmpty();
    }

    /** A file name free in the pool: no volume and no backup there has it (409). */
    static void requireFreeName(EntityManager em, Caller caller, StoragePoolEntity pool, String name) {
        boolean volume = !em.createQuery("SELECT v.id FROM VolumeEntity v WHERE v.poolId = ?1 AND v.name = ?2")
                .setParameter(1, pool.getId()).setParameter(2, name).getResultList().isEmpty();
        boolean backup = !em.createQuery("SELECT b.id FROM BackupEntity b WHERE b.poolId = ?1 AND b.name = ?2")
                .setParameter(1, pool.getId()).setParameter(2, name).getResultList().isEmpty();
        if (volume || backup) {
            throw Ids.nameTaken(caller, name, (volume ? "a volume " : "a backup ") + name + " already exists in pool "
                    + pool.getName());
        }
    }
}
