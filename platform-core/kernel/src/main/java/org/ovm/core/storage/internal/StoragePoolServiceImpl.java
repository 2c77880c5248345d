package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.PoolHostKey;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.PoolHostRequest;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.storage.PoolState;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.storage.StoragePoolService;
import org.ovm.core.storage.StoragePoolView;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;

/** Storage pools: validation, registration, the hosts they are attached to and the attach/detach tasks. */
public final class StoragePoolServiceImpl implements StoragePoolService {

    private static final Map<String, String> FILTERS = Map.of("name", "name", "type", "type", "hostId", "hostId",
            "clusterId", "clusterId", "state", "state");

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
                p -> caller.isAdmin() ? PoolViews.view(em, p, shared(p.getType()))
                        : PoolViews.publicView(em, p, shared(p.getType()))));
    }

    @Override
    public StoragePoolView get(Caller caller, String id) {
        caller.requireAdmin();
        return tx.call(em -> {
            StoragePoolEntity pool = find(em, id);
            return PoolViews.view(em, pool, shared(pool.getType()));
        });
    }

    @Override
    public TaskView create(Caller caller, StoragePoolRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, type, uri and hostId, clusterId or hostIds is "
                    + "required");
        }
        String name = Ids.requireName("name", request.name());
        PoolRequests.requireBasics(request);
        StorageDriver driver = drivers.require(request.type());
        boolean shared = driver.capabilities().contains(StorageCapability.SHARED);
        List<String> hostIds = PoolRequests.placement(request, shared);
        Double ratio = PoolRequests.ratio(request.overcommitRatio());
        String settings = PoolRequests.settings(request.settings());
        TaskEntity task = tx.call(em -> {
            List<String> hosts = hosts(em, request, hostIds);
            Ids.requireUnusedName(em, StoragePoolEntity.class, "storage pool", name);
            requireUnusedUri(em, request, shared ? null : hosts);
            StoragePoolEntity pool = new StoragePoolEntity();
            pool.setId(Ids.newId());
            pool.setName(name);
            pool.setType(request.type());
            pool.setUri(request.uri());
            pool.setHostId(request.hostId());
            pool.setClusterId(request.clusterId());
            pool.setOvercommitRatio(ratio);
            pool.setSettings(settings);
            pool.setState(PoolState.ATTACHING);
            pool.setCreatedAt(Times.now());
            em.persist(pool);
            hosts.forEach(host -> em.persist(row(pool.getId(), host)));
            return engine.create(em, StorageOperations.POOL_ATTACH, pool.getId(), caller, null, TaskParams.NONE);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /** The hosts a new pool goes to; 400 naming the field for a host or cluster that does not exist. */
    private static List<String> hosts(EntityManager em, StoragePoolRequest request, List<String> hostIds) {
        if (request.hostId() != null) {
            if (em.find(HostEntity.class, request.hostId()) == null) {
                throw OvmException.invalid("hostId", "host " + request.hostId() + " does not exist");
            }
            return List.of(request.hostId());
        }
        if (request.clusterId() != null) {
            if (em.find(ClusterEntity.class, request.clusterId()) == null) {
                throw OvmException.invalid("clusterId", "cluster " + request.clusterId() + " does not exist");
            }
            return em.createQuery("SELECT h.id FROM HostEntity h WHERE h.clusterId = ?1 ORDER BY h.id", String.class)
                    .setParameter(1, request.clusterId()).getResultList();
        }
        for (String id : hostIds) {
            if (em.find(HostEntity.class, id) == null) {
                throw OvmException.invalid("hostIds", "host " + id + " does not exist");
            }
        }
        return hostIds;
    }

    /**
     * 409 when another pool of the type already uses the uri: anywhere for a shared pool (two pools on one
     * export would each count its space and could each take the other's file names), on one of these hosts
     * for a pool of a host.
     */
    private static void requireUnusedUri(EntityManager em, StoragePoolRequest request, List<String> hosts) {
        String uri = request.uri().replaceAll("/+$", "");
        for (StoragePoolEntity other : em.createQuery("SELECT p FROM StoragePoolEntity p WHERE p.type = ?1",
                StoragePoolEntity.class).setParameter(1, request.type()).getResultList()) {
            if (!other.getUri().replaceAll("/+$", "").equals(uri)) {
                continue;
            }
            List<String> theirs = PoolHosts.hostIds(em, other);
            if (hosts == null || hosts.stream().anyMatch(theirs::contains) || hosts.contains(other.getHostId())) {
                throw OvmException.conflict("uri", "storage pool " + other.getName() + " already uses " + request.uri()
                        + (hosts == null ? "; give this pool a directory of its own (e.g. " + uri + "/" + request.name()
                                + ")" : " on that host"));
            }
        }
    }

    static PoolHostEntity row(String poolId, String hostId) {
        PoolHostEntity row = new PoolHostEntity();
        row.setPoolId(poolId);
        row.setHostId(hostId);
        row.setState(PoolHostState.ATTACHING);
        row.setCheckedAt(Times.now());
        return row;
    }

    @Override
    public TaskView delete(Caller caller, String id) {
        caller.requireAdmin();
        StoragePoolEntity pool = tx.call(em -> {
            StoragePoolEntity found = find(em, id);
            long volumes = em.createQuery("SELECT COUNT(v) FROM VolumeEntity v WHERE v.poolId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            long images = em.createQuery("SELECT COUNT(i) FROM ImageEntity i WHERE i.poolId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            long backups = em.createQuery("SELECT COUNT(b) FROM BackupEntity b WHERE b.poolId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            if (volumes + images + backups > 0) {
                throw OvmException.conflict(null, "pool " + found.getName() + " still holds " + volumes
                        + " volume(s), " + images + " image(s) and " + backups + " backup(s)");
            }
            return found;
        });
        drivers.require(pool.getType());
        return TaskServiceImpl.view(engine.submit(StorageOperations.POOL_DETACH, id, caller, null, TaskParams.NONE),
                List.of());
    }

    @Override
    public TaskView attachHost(Caller caller, String id, PoolHostRequest request) {
        caller.requireAdmin();
        String hostId = request == null ? null : request.hostId();
        if (hostId == null || hostId.isBlank()) {
            throw OvmException.invalid("hostId", "a JSON body {hostId} naming the host to attach the pool to is "
                    + "required");
        }
        TaskEntity task = tx.call(em -> {
            StoragePoolEntity pool = find(em, id);
            if (!shared(pool.getType())) {
                throw OvmException.conflict(null, "storage pool " + pool.getName() + " (" + pool.getType()
                        + ") is used by one host only; add a pool for host " + hostId + " instead");
            }
            if (em.find(HostEntity.class, hostId) == null) {
                throw OvmException.invalid("hostId", "host " + hostId + " does not exist");
            }
            if (pool.getState() == PoolState.ATTACHING) {
                throw OvmException.conflict(null, "storage pool " + pool.getName() + " is still attaching");
            }
            PoolHostEntity existing = em.find(PoolHostEntity.class, new PoolHostKey(id, hostId));
            if (existing != null && existing.getState() != PoolHostState.ERROR) {
                throw OvmException.conflict("hostId", "storage pool " + pool.getName() + " is attached to host "
                        + hostId + " already (" + existing.getState() + ")");
            }
            if (existing == null) {
                em.persist(row(id, hostId));
            } else {
                existing.setState(PoolHostState.ATTACHING);
                existing.setReason(null);
            }
            return engine.create(em, StorageOperations.POOL_HOST_ATTACH, id, caller, null,
                    new StorageParams.PoolHost(hostId));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView detachHost(Caller caller, String id, String hostId) {
        caller.requireAdmin();
        tx.run(em -> {
            StoragePoolEntity pool = find(em, id);
            if (em.find(PoolHostEntity.class, new PoolHostKey(id, hostId)) == null) {
                throw OvmException.notFound("host of storage pool " + pool.getName(), hostId);
            }
            if (PoolHosts.rows(em, id).size() == 1) {
                throw OvmException.conflict(null, "host " + hostId + " is the only host of storage pool "
                        + pool.getName() + "; delete the pool instead");
            }
            List<String> users = em.createQuery("SELECT DISTINCT i.name FROM InstanceEntity i, VolumeEntity v WHERE "
                    + "v.instanceId = i.id AND v.poolId = ?1 AND i.hostId = ?2 ORDER BY i.name", String.class)
                    .setParameter(1, id).setParameter(2, hostId).setMaxResults(5).getResultList();
            if (!users.isEmpty()) {
                throw OvmException.conflict(null, "instances of host " + hostId + " have disks in storage pool "
                        + pool.getName() + " (" + String.join(", ", users) + "); move or delete them first");
            }
        });
        return TaskServiceImpl.view(engine.submit(StorageOperations.POOL_HOST_DETACH, id, caller, null,
                new StorageParams.PoolHost(hostId)), List.of());
    }

    private static StoragePoolEntity find(EntityManager em, String id) {
        StoragePoolEntity pool = id == null ? null : em.find(StoragePoolEntity.class, id);
        if (pool == null) {
            throw OvmException.notFound("storage pool", id);
        }
        return pool;
    }

    /** Whether the driver of the type lets many hosts use a pool (false when it is not installed). */
    private boolean shared(String type) {
        return drivers.find(type).map(d -> d.capabilities().contains(StorageCapability.SHARED)).orElse(false);
    }
}
