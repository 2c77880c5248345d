package org.ovm.core.host.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.balance.BalancingSettings;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.ClusterRequest;
import org.ovm.core.host.ClusterService;
import org.ovm.core.host.ClusterUpdate;
import org.ovm.core.host.ClusterView;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.ZoneEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;

/** Clusters in the inventory. */
public final class ClusterServiceImpl implements ClusterService {

    static final double DEFAULT_CPU_OVERCOMMIT = 4.0;
    static final double DEFAULT_MEMORY_OVERCOMMIT = 1.0;

    private final Tx tx;
    private final ClusterPolicies policies;
    private final EventPublisher events;

    public ClusterServiceImpl(Tx tx, ClusterPolicies policies, EventPublisher events) {
        this.tx = tx;
        this.policies = policies;
        this.events = events;
    }

    @Override
    public Page<ClusterView> list(Caller caller, Filters filters, PageRequest page) {
        return tx.call(em -> {
            String defaultPolicy = policies.defaultPolicyId(em); // once per page, not per row
            return Lists.page(em, ClusterEntity.class, Map.of("name", "name", "zoneId", "zoneId", "hypervisorType",
                    "hypervisorType"), filters, List.of(), "name", page, c -> view(c, defaultPolicy));
        });
    }

    @Override
    public ClusterView get(Caller caller, String id) {
        return tx.call(em -> {
            ClusterEntity cluster = em.find(ClusterEntity.class, id);
            if (cluster == null) {
                throw OvmException.notFound("cluster", id);
            }
            return view(em, cluster);
        });
    }

    @Override
    public ClusterView create(Caller caller, ClusterRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name and zoneId is required");
        }
        String name = Ids.requireName("name", request.name());
        if (request.zoneId() == null) {
            throw OvmException.invalid("zoneId", "zoneId is required");
        }
        double cpu = ratio("cpuOvercommit", request.cpuOvercommit(), DEFAULT_CPU_OVERCOMMIT);
        double memory = ratio("memoryOvercommit", request.memoryOvercommit(), DEFAULT_MEMORY_OVERCOMMIT);
        BalancingSettings balancing = request.balancing() == null ? BalancingSettings.DEFAULT
                : request.balancing().over(BalancingSettings.DEFAULT);
        ClusterView created = tx.call(em -> {
            String policy = request.placementPolicy() == null ? null : policy(em, request.placementPolicy());
            if (em.find(ZoneEntity.class, request.zoneId()) == null) {
                throw OvmException.invalid("zoneId", "zone " + request.zoneId() + " does not exist");
            }
            Ids.requireUnusedName(em, ClusterEntity.class, "cluster", name);
            ClusterEntity cluster = new ClusterEntity();
            cluster.setId(Ids.newId());
            cluster.setName(name);
            cluster.setZoneId(request.zoneId());
            cluster.setHypervisorType(request.hypervisorType());
            cluster.setCpuOvercommit(cpu);
            cluster.setMemoryOvercommit(memory);
            cluster.setPlacementPolicy(policy);
            setBalancing(cluster, balancing);
            cluster.setCreatedAt(Times.now());
            em.persist(cluster);
            return view(em, cluster);
        });
        events.publish(caller, "cluster/created", created.id(), null, "cluster " + name + " created in zone "
                + created.zoneId() + describe(created));
        return created;
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        String name = tx.call(em -> {
            ClusterEntity cluster = em.find(ClusterEntity.class, id);
            if (cluster == null) {
                throw OvmException.notFound("cluster", id);
            }
            long hosts = em.createQuery("SELECT COUNT(h) FROM HostEntity h WHERE h.clusterId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            if (hosts > 0) {
                throw OvmException.conflict(null, "cluster " + cluster.getName() + " still has " + hosts
                        + " host(s); remove them first");
            }
            em.remove(cluster);
            return cluster.getName();
        });
        events.publish(caller, "cluster/deleted", id, null, "cluster " + name + " deleted");
    }

    @Override
    public ClusterView update(Caller caller, String id, ClusterUpdate update) {
        caller.requireAdmin();
        if (update == null) {
            throw OvmException.invalid(null, "a JSON body with placementPolicy, cpuOvercommit, memoryOvercommit "
                    + "or balancing is required");
        }
        Double cpu = update.cpuOvercommit() == null ? null : ratio("cpuOvercommit", update.cpuOvercommit(), 0);
        Double memory = update.memoryOvercommit() == null ? null
                : ratio("memoryOvercommit", update.memoryOvercommit(), 0);
        ClusterView updated = tx.call(em -> {
            ClusterEntity cluster = em.find(ClusterEntity.class, id);
            if (cluster == null) {
                throw OvmException.notFound("cluster", id);
            }
            if (update.balancing() != null) {
                setBalancing(cluster, update.balancing().over(balancing(cluster)));
            }
            if (update.placementPolicy() != null) {
                cluster.setPlacementPolicy(policy(em, update.placementPolicy()));
            }
            if (cpu != null || memory != null) {
                cluster.setCpuOvercommit(cpu != null ? cpu : cluster.getCpuOvercommit());
                cluster.setMemoryOvercommit(memory != null ? memory : cluster.getMemoryOvercommit());
                // one statement on the ratio columns: claims read them in their own conditional update
                em.createNativeQuery("UPDATE HOSTS SET CPU_OVERCOMMIT = ?, MEMORY_OVERCOMMIT = ? WHERE CLUSTER_ID = ?")
                        .setParameter(1, cluster.getCpuOvercommit()).setParameter(2, cluster.getMemoryOvercommit())
                        .setParameter(3, id).executeUpdate();
            }
            return view(em, cluster);
        });
        events.publish(caller, "cluster/updated", id, null, "cluster " + updated.name() + " updated" + describe(updated));
        return updated;
    }

    private static String describe(ClusterView c) {
        return ": hypervisorType=" + c.hypervisorType() + ", cpuOvercommit=" + c.cpuOvercommit() + ", memoryOvercommit="
                + c.memoryOvercommit() + ", placementPolicy=" + c.placementPolicy() + ", " + c.balancing().describe();
    }

    /** A placement policy's id, given its id or name; 400 listing the policies otherwise. */
    private String policy(EntityManager em, String idOrName) {
        return policies.find(em, idOrName).orElseThrow(() ->
                OvmException.invalid("placementPolicy", "placement policy " + idOrName + " does not exist; the "
                        + "policies are " + String.join(", ", em.createQuery("SELECT p.id FROM PlacementPolicyEntity p "
                                + "ORDER BY p.id", String.class).getResultList())
                        + " (the Placement policies page lists them; shell: ovm:policy-list)"));
    }

    private static double ratio(String field, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1.0 || value > 64.0 || value.isNaN()) {
            throw OvmException.invalid(field, field + " must be between 1.0 and 64.0, got " + value);
        }
        return value;
    }

    /** A cluster; a cluster without its own policy shows the default one it follows. */
    private ClusterView view(EntityManager em, ClusterEntity c) {
        return view(c, c.getPlacementPolicy() == null ? policies.defaultPolicyId(em) : null);
    }

    private static ClusterView view(ClusterEntity c, String defaultPolicy) {
        return new ClusterView(c.getId(), c.getName(), c.getZoneId(), c.getHypervisorType(), c.getCpuOvercommit(),
                c.getMemoryOvercommit(), c.getPlacementPolicy() == null ? defaultPolicy : c.getPlacementPolicy(),
                Times.iso(c.getCreatedAt()), balancing(c), c.getBalanceCandidates() == null
                        || c.getBalanceCandidates().isEmpty() ? List.of()
                                : Arrays.asList(c.getBalanceCandidates().split(",")));
    }

    /** The cluster's balancing settings (a row from before balancing existed reads as the defaults). */
    public static BalancingSettings balancing(ClusterEntity c) {
        return c.getBalancePolicy() == null ? BalancingSettings.DEFAULT : new BalancingSettings(c.getBalancePolicy(),
                c.getBalanceHigh(), c.getBalanceLow(), c.getBalanceWindow(), c.getBalanceMax());
    }

    /** Stores checked settings; a policy other than power saving has no power-off candidates. */
    private static void setBalancing(ClusterEntity c, BalancingSettings b) {
        c.setBalancePolicy(b.policy());
        c.setBalanceHigh(b.highPercent());
        c.setBalanceLow(b.lowPercent());
        c.setBalanceWindow(b.windowMinutes());
        c.setBalanceMax(b.maxMigrations());
        if (!BalancingSettings.POWER_SAVING.equals(b.policy())) {
            c.setBalanceCandidates(null);
        }
    }
}
