package org.ovm.core.placement.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.host.internal.ZoneServiceImpl;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.PlacementPolicyEntity;
import org.ovm.core.internal.inventory.ZoneEntity;
import org.ovm.core.placement.PlacementExplanation;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * Chooses hosts: builds the candidates of a scope (a cluster with its policy, or every cluster of a
 * zone with the default policy, optionally narrowed to named hosts), ranks them, and claims
 * capacity on the best host that still has it, in the caller's transaction.
 */
public final class Placer {

    /**
     * What to place and where: at most one of clusterId and zoneId (neither: the default zone); hints from the
     * instance's disk, NICs and group.
     */
    public record Ask(String clusterId, String zoneId, List<String> hostIds, int cpus, long memoryMiB,
            Map<String, String> hints) {
    }

    /** What an explicitly named host is still checked against (capacity and the pool are checked elsewhere). */
    private static final List<HostFilter> EXPLICIT_HOST_CHECKS = List.of(new NetworkReachabilityFilter(),
            new AffinityFilter());

    private final CapacityClaims claims;
    private final PolicyCatalog catalog;
    private final Placement placement = new Placement();

    public Placer(CapacityClaims claims, PolicyCatalog catalog) {
        this.claims = claims;
        this.catalog = catalog;
    }

    /** Claims capacity on the best host; 409 listing every host's reason when none fits. */
    public HostEntity place(EntityManager em, Ask ask) {
        Scope scope = scope(em, ask);
        List<String> reasons = new ArrayList<>();
        for (Placement.Ranked ranked : rank(em, scope, ask)) {
            if (ranked.rejection() != null) {
                reasons.add(ranked.host().name() + ": " + ranked.rejection());
                continue;
            }
            try {
                claims.claim(em, ranked.host().hostId(), ask.cpus(), ask.memoryMiB());
                return em.find(HostEntity.class, ranked.host().hostId());
            } catch (OvmException lost) {
                reasons.add(ranked.host().name() + ": " + lost.getMessage());
            }
        }
        throw new OvmException(OvmError.INSUFFICIENT_CAPACITY, scope.field(), "no host of " + scope.label()
                + " can take " + ask.cpus() + " vCPUs and " + ask.memoryMiB() + " MiB" + (reasons.isEmpty()
                        ? " (it has no hosts)" : ": " + String.join("; ", reasons)));
    }

    /**
     * Checks an explicitly chosen host against the instance's network and affinity constraints
     * (capacity is checked by the claim, the disk's pool by the disk checks); 409 naming the reason.
     */
    public static void verify(HostEntity host, int cpus, long memory, Map<String, String> hints) {
        HostCandidate candidate = candidate(host, host.getInstanceCount());
        PlacementRequest request = new PlacementRequest(cpus, memory, null, hints);
        for (HostFilter filter : EXPLICIT_HOST_CHECKS) {
            FilterResult result = filter.filter(request, candidate);
            if (!result.passed()) {
                throw OvmException.conflict("hostId", "host " + host.getName() + " " + result.reason());
            }
        }
    }

    private static HostCandidate candidate(HostEntity h, int instances) {
        return new HostCandidate(h.getId(), h.getName(), h.getType(), Objects.toString(h.getState(), null), h.getCpus(), h.getMemoryMib(),
                h.getAllocCpus(), h.getAllocMemoryMib(), h.getCpuOvercommit(), h.getMemoryOvercommit(), instances,
                Map.of(HostAttributes.CLUSTER, h.getClusterId() == null ? "" : h.getClusterId()));
    }

    PlacementExplanation explain(EntityManager em, Ask ask) {
        Scope scope = scope(em, ask);
        return new PlacementExplanation(scope.clusterId(), scope.zoneId(), scope.policy().getId(), rank(em, scope, ask)
                .stream().map(r -> new PlacementExplanation.HostRank(r.host().hostId(), r.host().name(),
                        r.rejection() == null, Math.max(r.score(), 0), r.rejection(), r.code()))
                .toList());
    }

    /** A resolved scope: where candidates come from and which policy ranks them. */
    private record Scope(String field, String label, String key, String hypervisorType, String clusterId,
            String zoneId, PlacementPolicyEntity policy) {
    }

    private Scope scope(EntityManager em, Ask ask) {
        if (ask.clusterId() != null && ask.zoneId() != null) {
            throw OvmException.invalid("clusterId", "give clusterId or zoneId (the placement scope), not both");
        }
        if (ask.hostIds() != null && ask.hostIds().isEmpty()) {
            throw OvmException.invalid("hostIds", "hostIds, when given, names at least one host");
        }
        Scope scope;
        if (ask.clusterId() != null) {
            ClusterEntity cluster = em.find(ClusterEntity.class, ask.clusterId());
            if (cluster == null) {
                throw OvmException.invalid("clusterId", "cluster " + ask.clusterId() + " does not exist");
            }
            scope = new Scope("clusterId", "cluster " + cluster.getName(), cluster.getId(),
                    cluster.getHypervisorType(), cluster.getId(), null, catalog.forCluster(em, cluster));
        } else {
            ZoneEntity zone = ask.zoneId() == null ? defaultZone(em) : em.find(ZoneEntity.class, ask.zoneId());
            if (zone == null) {
                throw OvmException.invalid("zoneId", "zone " + ask.zoneId() + " does not exist");
            }
            scope = new Scope("zoneId", "zone " + zone.getName(), zone.getId(), null, null, zone.getId(),
                    PolicyCatalog.defaultPolicy(em));
        }
        if (ask.hostIds() != null) {
            for (String hostId : ask.hostIds()) {
                HostEntity host = hostId == null ? null : em.find(HostEntity.class, hostId);
                if (host == null || !inScope(em, scope, host)) {
                    throw OvmException.invalid("hostIds", "host " + hostId + " is not a host of " + scope.label());
                }
            }
        }
        return scope;
    }

    /** Where a create that names no host, cluster or zone goes; 400 on zoneId when there is no zone yet. */
    private static ZoneEntity defaultZone(EntityManager em) {
        ZoneEntity zone = ZoneServiceImpl.defaultZone(em);
        if (zone == null) {
            throw OvmException.invalid("zoneId", NO_ZONE);
        }
        return zone;
    }

    static final String NO_ZONE = "no zone exists yet: an administrator creates a zone and a cluster and adds hosts "
            + "to it, or name a host";

    private static boolean inScope(EntityManager em, Scope scope, HostEntity host) {
        if (scope.clusterId() != null) {
            return scope.clusterId().equals(host.getClusterId());
        }
        ClusterEntity cluster = host.getClusterId() == null ? null : em.find(ClusterEntity.class, host.getClusterId());
        return cluster != null && scope.zoneId().equals(cluster.getZoneId());
    }

    private List<Placement.Ranked> rank(EntityManager em, Scope scope, Ask ask) {
        String where = scope.clusterId() != null ? "h.clusterId = ?1"
                : "h.clusterId IN (SELECT c.id FROM ClusterEntity c WHERE c.zoneId = ?1)";
        String key = scope.clusterId() != null ? scope.clusterId() : scope.zoneId();
        List<HostCandidate> candidates = em.createQuery("SELECT h FROM HostEntity h WHERE " + where,
                HostEntity.class).setParameter(1, key).getResultList().stream()
                .map(h -> candidate(h, h.getInstanceCount())).toList();
        Map<String, String> hints = new HashMap<>(ask.hints());
        if (ask.hostIds() != null) {
            hints.put(ScopeFilter.HOSTS, String.join(",", ask.hostIds()));
        }
        return placement.rank(catalog.resolve(scope.policy()), new PlacementRequest(ask.cpus(), ask.memoryMiB(),
                scope.hypervisorType(), hints), candidates, scope.key());
    }
}
