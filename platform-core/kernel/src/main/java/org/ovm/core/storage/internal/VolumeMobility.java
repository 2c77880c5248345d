package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeCopyRequest;
import org.ovm.core.storage.VolumeMigrateRequest;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.BlockCopySupport;
import org.ovm.spi.hypervisor.DiskAttachSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.storage.StorageDriver;

/**
 * The requests that move volumes ({@code POST /volumes/{id}/copy} and {@code /migrate}): checks
 * them, claims quota and the pool's room in one transaction and starts the task
 * ({@link VolumeCopyOperations}). A copy's task is the new volume's (it queues on it, as a create
 * does); a move of a volume of an instance queues on the instance (so it cannot start while its disk
 * moves), a move of a detached volume on the volume.
 */
public final class VolumeMobility {

    private final Tx tx;
    private final TaskEngine engine;
    private final QuotaClaims quotas;
    private final Function<String, Optional<StorageDriver>> storage;
    private final Function<String, Optional<HypervisorDriver>> hypervisors;

    public VolumeMobility(Tx tx, TaskEngine engine, QuotaClaims quotas, Function<String, Optional<StorageDriver>> storage,
            Function<String, Optional<HypervisorDriver>> hypervisors) {
        this.tx = tx;
        this.engine = engine;
        this.quotas = quotas;
        this.storage = storage;
        this.hypervisors = hypervisors;
    }

    /** Starts {@code volume.copy}: a new volume in the source's VDC, claiming its disk quota. */
    public TaskView copy(Caller caller, VolumeEntity source, VolumeCopyRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with poolId (and name) is required");
        }
        String name = request.name() == null ? source.getName() + "-copy" : request.name();
        Ids.requireName("name", name);
        TaskEntity task = tx.call(em -> {
            VolumeEntity current = TransferChecks.lockedVolume(em, source.getId());
            stoppedUser(em, current, "copy");
            StoragePoolEntity pool = TransferChecks.targetPool(em, request.poolId());
            TransferChecks.requireTransfer(storage, em.find(StoragePoolEntity.class, current.getPoolId()), "copied from");
            TransferChecks.requireTransfer(storage, pool, "copied to");
            TransferChecks.requireFormat(storage, pool, current.getFormat());
            requireFreeName(em, caller, pool, name);
            long gib = Sizes.gib(current.getSizeBytes());
            quotas.claim(em, current.getVdcId(), 0, 0, gib, 0);
            PoolOvercommit.check(em, pool, current.getSizeBytes(), "poolId");
            VolumeEntity copy = new VolumeEntity();
            copy.setId(Ids.newId());
            copy.setName(name);
            copy.setPoolId(pool.getId());
            copy.setVdcId(current.getVdcId());
            copy.setSizeBytes(current.getSizeBytes());
            copy.setFormat(current.getFormat());
            copy.setState(VolumeState.CREATING);
            copy.setCreatedAt(Times.now());
            em.persist(copy);
            // the task's resource is the new volume, as with volume.create
            return engine.create(em, VolumeCopyOperations.COPY, copy.getId(), caller, current.getVdcId(),
                    new MobilityParams.VolumeCopy(current.getId(), copy.getId(), gib));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /**
     * Starts {@code volume.migrate}: offline when the volume is detached or its instance stopped,
     * live (block copy) when its instance runs on a hypervisor that can do it.
     */
    public TaskView migrate(Caller caller, VolumeEntity source, VolumeMigrateRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with poolId is required");
        }
        TaskEntity task = tx.call(em -> {
            VolumeEntity current = TransferChecks.lockedVolume(em, source.getId());
            StoragePoolEntity pool = TransferChecks.targetPool(em, request.poolId());
            if (pool.getId().equals(current.getPoolId())) {
                throw OvmException.invalid("poolId", "volume " + current.getName() + " is in pool " + pool.getName()
                        + " already");
            }
            InstanceEntity user = current.getInstanceId() == null ? null
                    : em.find(InstanceEntity.class, current.getInstanceId());
            boolean live = user != null && user.getState() == InstanceState.RUNNING;
            if (live) {
                HypervisorDriver driver = hostDriver(em, user);
                if (!(driver instanceof BlockCopySupport)) {
                    throw OvmException.conflict(null, "instance " + user.getName() + " runs on a host whose driver "
                            + "cannot move a running instance's disk; stop it first");
                }
                if (!PoolHosts.serves(em, pool, user.getHostId())) {
                    throw OvmException.conflict("poolId", "pool " + pool.getName() + " does not serve host "
                            + hostName(em, user.getHostId()) + " of instance " + user.getName());
                }
            } else {
                stoppedUser(em, current, "move");
                if (user != null) {
                    if (!(hostDriver(em, user) instanceof DiskAttachSupport)) {
                        throw OvmException.conflict(null, "the host of instance " + user.getName()
                                + " cannot change its disks; detach the volume first");
                    }
                    if (!PoolHosts.serves(em, pool, user.getHostId())) {
                        throw OvmException.conflict("poolId", "pool " + pool.getName() + " does not serve host "
                                + hostName(em, user.getHostId()) + " of instance " + user.getName()
                                + "; detach the volume first");
                    }
                }
                TransferChecks.requireTransfer(storage, em.find(StoragePoolEntity.class, current.getPoolId()), "moved from");
                TransferChecks.requireTransfer(storage, pool, "moved to");
            }
            TransferChecks.requireFormat(storage, pool, current.getFormat());
            requireFreeName(em, caller, pool, current.getName());
            PoolOvercommit.check(em, pool, current.getSizeBytes(), "poolId");
            return engine.create(em, VolumeCopyOperations.MIGRATE, user == null ? current.getId() : user.getId(),
                    caller, current.getVdcId(), new MobilityParams.VolumeMigrate(current.getId(), pool.getId(), live));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /** The volume's instance when it is stopped, null when detached; 409 while the instance is not stopped. */
    private static InstanceEntity stoppedUser(EntityManager em, VolumeEntity volume, String verb) {
        InstanceEntity user = volume.getInstanceId() == null ? null
                : em.find(InstanceEntity.class, volume.getInstanceId());
        if (user != null && user.getState() != InstanceState.STOPPED) {
            throw OvmException.conflict(null, "volume " + volume.getName() + " is in use by instance " + user.getName()
                    + " (" + user.getState() + "): stop instance " + user.getName() + " or detach the volume to "
                    + verb + " it");
        }
        return user;
    }

    private static void requireFreeName(EntityManager em, Caller caller, StoragePoolEntity pool, String name) {
        if (!em.createQuery("SELECT v.id FROM VolumeEntity v WHERE v.poolId = ?1 AND v.name = ?2")
                .setParameter(1, pool.getId()).setParameter(2, name).getResultList().isEmpty()) {
            throw Ids.nameTaken(caller, name, "volume " + name + " already exists in pool " + pool.getName());
        }
    }

    private HypervisorDriver hostDriver(EntityManager em, InstanceEntity instance) {
        HostEntity host = em.find(HostEntity.class, instance.getHostId());
        return host == null ? null : hypervisors.apply(host.getType()).orElse(null);
    }

    private static String hostName(EntityManager em, String hostId) {
        HostEntity host = em.find(HostEntity.class, hostId);
        return host == null ? hostId : host.getName();
    }
}
