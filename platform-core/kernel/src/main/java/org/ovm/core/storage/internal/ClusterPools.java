package org.ovm.core.storage.internal;

import java.util.ArrayList;
import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.PoolHostKey;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.task.internal.TaskEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a cluster's pools to a host of that cluster when it connects (added, refreshed,
 * reconnected) and lacks them or failed to attach them before: one {@code pool.host-attach} task
 * per pool, as the engine.
 */
public final class ClusterPools {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPools.class);

    private final Tx tx;
    private final TaskEngine engine;

    public ClusterPools(Tx tx, TaskEngine engine) {
        this.tx = tx;
        this.engine = engine;
    }

    /** Starts the attach tasks the host needs; never throws (logs). */
    public void hostConnected(String hostId) {
        try {
            List<TaskEntity> tasks = tx.call(em -> {
                HostEntity host = em.find(HostEntity.class, hostId);
                List<TaskEntity> created = new ArrayList<>();
                if (host == null || host.getClusterId() == null) {
                    return created;
                }
                List<StoragePoolEntity> missing = em.createQuery("SELECT p FROM StoragePoolEntity p WHERE "
                        + "p.clusterId = ?1 AND p.state IN ('UP', 'DEGRADED', 'ERROR') AND NOT EXISTS (SELECT r.hostId "
                        + "FROM PoolHostEntity r WHERE r.poolId = p.id AND r.hostId = ?2 AND r.state <> 'ERROR')",
                        StoragePoolEntity.class).setParameter(1, host.getClusterId()).setParameter(2, hostId)
                        .getResultList();
                for (StoragePoolEntity pool : missing) {
                    PoolHostEntity failed = em.find(PoolHostEntity.class, new PoolHostKey(pool.getId(), hostId));
                    if (failed == null) {
                        em.persist(StoragePoolServiceImpl.row(pool.getId(), hostId));
                    } else {
                        failed.setState(PoolHostState.ATTACHING); // it failed there before: once more
                        failed.setReason(null);
                    }
                    created.add(engine.create(em, StorageOperations.POOL_HOST_ATTACH, pool.getId(), Caller.SYSTEM,
                            null, new StorageParams.PoolHost(hostId)));
                    LOG.info("Host {} joined cluster pool {}: attaching it", host.getName(), pool.getName());
                }
                return created;
            });
            tasks.forEach(engine::start);
        } catch (RuntimeException e) {
            LOG.warn("Attaching the cluster's pools to host {} failed", hostId, e);
        }
    }
}
