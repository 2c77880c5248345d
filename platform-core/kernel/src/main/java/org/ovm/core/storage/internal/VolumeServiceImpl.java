package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeCopyRequest;
import org.ovm.core.storage.VolumeMigrateRequest;
import org.ovm.core.storage.VolumeRequest;
import org.ovm.core.storage.VolumeService;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.storage.VolumeView;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.DeleteTasks;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;

/** Reads volumes; non-admins see their VDC's. */
public final class VolumeServiceImpl implements VolumeService {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final Map<String, String> FILTERS = Map.of("name", "name", "poolId", "poolId", "instanceId",
            "instanceId", "state", "state");

    private final Tx tx;
    private final TaskEngine engine;
    private final QuotaClaims quotas;
    private final StorageAccess storage;
    private final DeleteTasks deletes;
    private final VolumeMobility mobility;

    /** Without copy and migrate (for tests of the other volume requests). */
    public VolumeServiceImpl(Tx tx, TaskEngine engine, QuotaClaims quotas, StorageAccess storage) {
        this(tx, engine, quotas, storage, null);
    }

    public VolumeServiceImpl(Tx tx, TaskEngine engine, QuotaClaims quotas, StorageAccess storage,
            VolumeMobility mobility) {
        this.tx = tx;
        this.mobility = mobility;
        this.storage = storage;
        this.engine = engine;
        this.quotas = quotas;
        this.deletes = new DeleteTasks(tx, engine);
    }

    @Override
    public TaskView create(Caller caller, VolumeRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, poolId and sizeGiB is required");
        }
        String name = Ids.requireName("name", request.name());
        if (request.sizeGiB() == null || request.sizeGiB() < 1 || request.sizeGiB() > 65536) {
            throw OvmException.invalid("sizeGiB", "sizeGiB must be between 1 and 65536");
        }
        String vdcId = caller.isAdmin() ? request.vdcId() : caller.vdcId();
        if (!caller.isAdmin() && request.vdcId() != null && !request.vdcId().equals(caller.vdcId())) {
            throw OvmException.forbidden("you can only create volumes in your own VDC");
        }
        TaskEntity task = tx.call(em -> {
            StoragePoolEntity pool = request.poolId() == null ? null : em.find(StoragePoolEntity.class, request.poolId());
            if (pool == null) {
                throw OvmException.invalid("poolId", "storage pool " + request.poolId() + " does not exist");
            }
            PoolHosts.requireUsable(em, pool, "poolId");
            if (!em.createQuery("SELECT v.id FROM VolumeEntity v WHERE v.poolId = ?1 AND v.name = ?2")
                    .setParameter(1, pool.getId()).setParameter(2, name).getResultList().isEmpty()) {
                throw Ids.nameTaken(caller, name, "volume " + name + " already exists in pool " + pool.getName());
            }
            quotas.claim(em, vdcId, 0, 0, request.sizeGiB(), 0);
            PoolOvercommit.check(em, pool, request.sizeGiB() * GIB, "sizeGiB");
            VolumeEntity volume = new VolumeEntity();
            volume.setId(Ids.newId());
            volume.setName(name);
            volume.setPoolId(pool.getId());
            volume.setVdcId(vdcId);
            volume.setSizeBytes(request.sizeGiB() * GIB);
            volume.setFormat(defaultFormat(pool));
            volume.setState(VolumeState.CREATING);
            volume.setCreatedAt(Times.now());
            em.persist(volume);
            return engine.create(em, VolumeOperations.CREATE, volume.getId(), caller, vdcId, TaskParams.NONE);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /** The format the pool's driver creates by default. */
    private String defaultFormat(StoragePoolEntity pool) {
        List<String> formats = storage.driver(pool).volumeFormats();
        if (formats.isEmpty()) {
            throw OvmException.invalid("poolId", "storage pool " + pool.getName() + " (" + pool.getType()
                    + ") creates no volumes");
        }
        return formats.get(0);
    }

    @Override
    public TaskView delete(Caller caller, String id) {
        VolumeEntity volume = visible(caller, id);
        // a delete already queued or running is the answer to a second one; attachment is checked
        // under the row's lock
        return deletes.start(caller, new DeleteTasks.Target("volume", volume.getName(), id, volume.getVdcId(),
                VolumeOperations.DELETE, "UPDATE VOLUMES SET STATE = STATE WHERE ID = ?", List.of()), TaskParams.NONE, em -> {
                    VolumeEntity current = em.find(VolumeEntity.class, id);
                    em.refresh(current);
                    if (current.getInstanceId() != null) {
                        throw OvmException.conflict(null, "volume " + volume.getName()
                                + " is attached; detach it first");
                    }
                });
    }

    @Override
    public TaskView resize(Caller caller, String id, long sizeGiB) {
        VolumeEntity volume = visible(caller, id);
        InstanceEntity user = volume.getInstanceId() == null ? null
                : tx.call(em -> em.find(InstanceEntity.class, volume.getInstanceId()));
        if (user != null && user.getState() != InstanceState.STOPPED) {
            throw OvmException.conflict(null, "volume " + volume.getName() + " is in use by " + user.getName()
                    + " (" + user.getState() + "); stop the instance or detach the volume first");
        }
        if (sizeGiB * GIB < volume.getSizeBytes() || sizeGiB > 65536) {
            throw OvmException.invalid("sizeGiB", "a volume can only grow (it has " + volume.getSizeBytes()
                    + " bytes), up to 65536 GiB");
        }
        long deltaGiB = sizeGiB - Sizes.gib(volume.getSizeBytes());
        TaskEntity task = tx.call(em -> {
            quotas.claim(em, volume.getVdcId(), 0, 0, Math.max(deltaGiB, 0), 0);
            PoolOvercommit.check(em, em.find(StoragePoolEntity.class, volume.getPoolId()),
                    sizeGiB * GIB - volume.getSizeBytes(), "sizeGiB");
            return engine.create(em, VolumeOperations.RESIZE, id, caller, volume.getVdcId(), new StorageParams.VolumeResize(
                    sizeGiB * GIB, Math.max(deltaGiB, 0)));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView attach(Caller caller, String id, String instanceId) {
        VolumeEntity volume = visible(caller, id);
        if (volume.getInstanceId() != null || volume.getState() != VolumeState.DETACHED) {
            throw OvmException.conflict(null, "volume " + volume.getName() + " is " + volume.getState());
        }
        InstanceEntity instance = tx.call(em -> instanceId == null ? null : em.find(InstanceEntity.class, instanceId));
        if (instance == null || !caller.canSee(instance.getVdcId())) {
            throw OvmException.invalid("instanceId", "instance " + instanceId + " does not exist");
        }
        if (!instance.isManaged() || instance.getBackendId() == null) {
            throw OvmException.conflict("instanceId", "instance " + instance.getName() + " is not managed by OVM");
        }
        if (volume.getVdcId() != null && !volume.getVdcId().equals(instance.getVdcId())) {
            throw OvmException.invalid("instanceId", "the volume belongs to another VDC than the instance");
        }
        if (!tx.call(em -> PoolHosts.serves(em, em.find(StoragePoolEntity.class, volume.getPoolId()),
                instance.getHostId()))) {
            throw OvmException.invalid("instanceId", "the volume's pool is not usable from the instance's host");
        }
        return TaskServiceImpl.view(engine.submit(VolumeOperations.ATTACH, instanceId, caller, instance.getVdcId(),
                new StorageParams.VolumeOnInstance(id)), List.of());
    }

    @Override
    public TaskView detach(Caller caller, String id) {
        VolumeEntity volume = visible(caller, id);
        if (volume.getInstanceId() == null) {
            throw OvmException.conflict(null, "volume " + volume.getName() + " is not attached");
        }
        return TaskServiceImpl.view(engine.submit(VolumeOperations.DETACH, volume.getInstanceId(), caller,
                volume.getVdcId(), new StorageParams.VolumeOnInstance(id)), List.of());
    }

    @Override
    public TaskView copy(Caller caller, String id, VolumeCopyRequest request) {
        return mobility.copy(caller, visible(caller, id), request);
    }

    @Override
    public TaskView migrate(Caller caller, String id, VolumeMigrateRequest request) {
        return mobility.migrate(caller, visible(caller, id), request);
    }

    private VolumeEntity visible(Caller caller, String id) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, id));
        if (volume == null || !caller.canSee(volume.getVdcId())) {
            throw OvmException.notFound("volume", id);
        }
        return volume;
    }

    @Override
    public Page<VolumeView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, VolumeEntity.class, FILTERS, filters, fixed, "name", page,
                VolumeServiceImpl::view));
    }

    @Override
    public VolumeView get(Caller caller, String id) {
        return view(visible(caller, id));
    }

    static VolumeView view(VolumeEntity v) {
        return new VolumeView(v.getId(), v.getName(), v.getPoolId(), v.getInstanceId(), v.getVdcId(),
                v.getSizeBytes(), v.getFormat(), v.getBackingImageId(), v.getPath(), Objects.toString(v.getState(), null),
                Times.iso(v.getCreatedAt()));
    }
}
