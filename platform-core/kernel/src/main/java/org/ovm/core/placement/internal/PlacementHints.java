package org.ovm.core.placement.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.storage.internal.PoolHosts;

/**
 * The hints a placement request carries about an instance: where its disk's pool is usable (its
 * host or cluster, and the hosts it is usable from now, {@link PoolHosts}), where its NICs'
 * networks and its affinity group's members are. The keys are the ones the kernel's filters
 * read ({@link StorageReachabilityFilter}, {@link NetworkReachabilityFilter}, {@link AffinityFilter}).
 */
public final class PlacementHints {

    private PlacementHints() {
    }

    public static Map<String, String> of(EntityManager em, StoragePoolEntity pool, List<NetworkEntity> networks,
            AffinityGroupEntity group) {
        Map<String, String> hints = new HashMap<>();
        if (pool != null) {
            hints.put(StorageReachabilityFilter.POOL, pool.getName());
            if (pool.getHostId() != null) {
                hints.put(StorageReachabilityFilter.POOL_HOST, pool.getHostId());
            } else if (pool.getClusterId() != null) {
                hints.put(StorageReachabilityFilter.POOL_CLUSTER, pool.getClusterId());
            }
            hints.put(StorageReachabilityFilter.POOL_HOSTS, String.join(",", PoolHosts.usableHostIds(em, pool)));
        }
        String scoped = networks.stream().filter(n -> n.getClusterId() != null).distinct()
                .map(n -> n.getName() + "=" + n.getClusterId()).collect(Collectors.joining(","));
        if (!scoped.isEmpty()) {
            hints.put(NetworkReachabilityFilter.NETWORKS, scoped);
        }
        if (group != null) {
            hints.put(AffinityFilter.GROUP, group.getName());
            hints.put(AffinityFilter.KIND, group.getKind());
            hints.put(AffinityFilter.HOSTS, String.join(",", em.createQuery("SELECT DISTINCT i.hostId FROM "
                    + "InstanceEntity i WHERE i.affinityGroupId = ?1", String.class).setParameter(1, group.getId())
                    .getResultList()));
        }
        return hints;
    }
}
