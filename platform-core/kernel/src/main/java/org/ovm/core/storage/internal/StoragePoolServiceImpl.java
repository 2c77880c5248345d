package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.PoolState;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.storage.StoragePoolService;
import org.ovm.core.storage.StoragePoolView;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.storage.StorageDriver;

/** Storage pools: validation, registration and the attach/detach tasks. Admin only. */
public final class StoragePoolServiceImpl implements StoragePoolService {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Map<String, String> FILTERS = Map.of("name", "name", "type", "type", "hostId", "hostId",
            "state", "state");

    private final Tx tx;
    private final TaskEngine engine;
    private final DriverRegistry<StorageDriver> drivers;

    public StoragePoolServiceImpl(Tx tx, TaskEngine engine, DriverRegistry<StorageDriver> drivers) {
        this.tx = tx;
        this.engine = engine;
        this.drivers = drivers;
    }

    @Override
    public Page<StoragePoolView> list(Caller caller, Filters filters, PageRequest page) {
        // everyone may list pools to put their volumes somewhere; only admins see where they live
        return tx.call(em -> Lists.page(em, StoragePoolEntity.class, FILTERS, filters, List.of(), "name", page,
                p -> caller.isAdmin() ? view(p) : publicView(p)));
    }

    @Override
    public StoragePoolView get(Caller caller, String id) {
        caller.requireAdmin();
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, id));
        if (pool == null) {
            throw OvmException.notFound("storage pool", id);
        }
        return view(pool);
    }

    @Override
    public TaskView create(Caller caller, StoragePoolRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, type, uri and hostId is required");
        }
        String name = Ids.requireName("name", request.name());
        if (request.type() == null || !TYPE.matcher(request.type()).matches()) {
            throw OvmException.invalid("type", "type is required: a storage type such as local or nfs");
        }
        if (request.uri() == null || !request.uri().matches("[a-z][a-z0-9+.-]*://\\S+")) {
            throw OvmException.invalid("uri", "uri is required, e.g. file:///var/lib/ovm/pool");
        }
        if ("local".equals(request.type()) && (!request.uri().startsWith("file:///") || request.uri().contains(".."))) {
            throw OvmException.invalid("uri", "a local pool's uri is file:///absolute/directory");
        }
        if (request.hostId() == null) {
            throw OvmException.invalid("hostId", "hostId is required: the host that serves the pool");
        }
        drivers.require(request.type());
        TaskEntity task = tx.call(em -> {
            if (em.find(HostEntity.class, request.hostId()) == null) {
                throw OvmException.invalid("hostId", "host " + request.hostId() + " does not exist");
            }
            Ids.requireUnusedName(em, StoragePoolEntity.class, "storage pool", name);
            StoragePoolEntity pool = new StoragePoolEntity();
            pool.setId(Ids.newId());
            pool.setName(name);
            pool.setType(request.type());
            pool.setUri(request.uri());
            pool.setHostId(request.hostId());
            pool.setState(PoolState.ATTACHING);
            pool.setCreatedAt(Times.now());
            em.persist(pool);
            return engine.create(em, StorageOperations.POOL_ATTACH, pool.getId(), caller, null, TaskParams.NONE);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView delete(Caller caller, String id) {
        caller.requireAdmin();
        StoragePoolEntity pool = tx.call(em -> {
            StoragePoolEntity found = em.find(StoragePoolEntity.class, id);
            if (found == null) {
                throw OvmException.notFound("storage pool", id);
            }
            long volumes = em.createQuery("SELECT COUNT(v) FROM VolumeEntity v WHERE v.poolId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            long images = em.createQuery("SELECT COUNT(i) FROM ImageEntity i WHERE i.poolId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            if (volumes + images > 0) {
                throw OvmException.conflict(null, "pool " + found.getName() + " still holds " + volumes
                        + " volume(s) and " + images + " image(s)");
            }
            return found;
        });
        drivers.require(pool.getType());
        return TaskServiceImpl.view(engine.submit(StorageOperations.POOL_DETACH, id, caller, null, TaskParams.NONE),
                List.of());
    }

    /** A pool as non-admins see it: no URI, no host. */
    static StoragePoolView publicView(StoragePoolEntity p) {
        return new StoragePoolView(p.getId(), p.getName(), p.getType(), null, null, Objects.toString(p.getState(), null),
                null, p.getTotalBytes(), p.getAvailableBytes(), Times.iso(p.getCreatedAt()));
    }

    static StoragePoolView view(StoragePoolEntity p) {
        return new StoragePoolView(p.getId(), p.getName(), p.getType(), p.getUri(), p.getHostId(),
                Objects.toString(p.getState(), null), p.getStateReason(), p.getTotalBytes(), p.getAvailableBytes(),
                Times.iso(p.getCreatedAt()));
    }
}
