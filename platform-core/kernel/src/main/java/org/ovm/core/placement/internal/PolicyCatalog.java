package org.ovm.core.placement.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.PlacementPolicyEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;

/**
 * Where placement policies (rows of the inventory) meet the filters and scorers that implement
 * them: the kernel's own, and those plugins register as OSGi services under
 * {@code scheduler.plugin.name}. A policy naming a plugin that is not installed cannot place.
 */
public final class PolicyCatalog {

    private static final Map<String, HostScorer> BUILT_IN_SCORERS = index(List.of(new FreeResourcesScorer(),
            new PackingScorer(), new FreeMemoryScorer(), new FreeCpuScorer(), new FewestInstancesScorer()));
    private static final Map<String, HostFilter> MANDATORY_FILTERS = indexFilters(Placement.MANDATORY);

    private final DriverRegistry<HostFilter> filters;
    private final DriverRegistry<HostScorer> scorers;

    public PolicyCatalog(DriverRegistry<HostFilter> filters, DriverRegistry<HostScorer> scorers) {
        this.filters = filters;
        this.scorers = scorers;
    }

    /** The policy a cluster places with: its own, or the default. */
    public PlacementPolicyEntity forCluster(EntityManager em, ClusterEntity cluster) {
        if (cluster.getPlacementPolicy() != null) {
            PlacementPolicyEntity policy = em.find(PlacementPolicyEntity.class, cluster.getPlacementPolicy());
            if (policy != null) {
                return policy;
            }
        }
        return defaultPolicy(em);
    }

    public static PlacementPolicyEntity defaultPolicy(EntityManager em) {
        List<PlacementPolicyEntity> found = em.createQuery("SELECT p FROM PlacementPolicyEntity p WHERE "
                + "p.defaultPolicy = TRUE", PlacementPolicyEntity.class).setMaxResults(1).getResultList();
        return found.isEmpty() ? em.find(PlacementPolicyEntity.class, Placement.Policy.PERFORMANCE.id())
                : found.get(0);
    }

    /** A policy by id or by name. */
    public static Optional<PlacementPolicyEntity> find(EntityManager em, String idOrName) {
        PlacementPolicyEntity byId = em.find(PlacementPolicyEntity.class, idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return em.createQuery("SELECT p FROM PlacementPolicyEntity p WHERE p.name = ?1", PlacementPolicyEntity.class)
                .setParameter(1, idOrName).setMaxResults(1).getResultList().stream().findFirst();
    }

    /** Resolves a stored policy to its plugins; 503 naming the plugin when one is not installed. */
    public Placement.Policy resolve(PlacementPolicyEntity entity) {
        List<HostFilter> extra = new ArrayList<>();
        for (String name : filterNames(entity)) {
            extra.add(filter(name).orElseThrow(() -> missing(entity, "filter", name)));
        }
        Map<HostScorer, Integer> weighted = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> scorer : scorerWeights(entity).entrySet()) {
            weighted.put(scorer(scorer.getKey()).orElseThrow(() -> missing(entity, "scorer", scorer.getKey())),
                    scorer.getValue());
        }
        return new Placement.Policy(entity.getId(), entity.getName(), extra, weighted, Json.read(entity.getParameters()));
    }

    public Optional<HostFilter> filter(String name) {
        return filters == null ? Optional.empty() : filters.find(name);
    }

    public Optional<HostScorer> scorer(String name) {
        HostScorer builtIn = BUILT_IN_SCORERS.get(name);
        return builtIn != null ? Optional.of(builtIn) : scorers == null ? Optional.empty() : scorers.find(name);
    }

    /** True for the filters every policy applies anyway. */
    public static boolean mandatory(String filter) {
        return MANDATORY_FILTERS.containsKey(filter);
    }

    public static Set<String> mandatoryFilters() {
        return MANDATORY_FILTERS.keySet();
    }

    public static Set<String> builtInScorers() {
        return BUILT_IN_SCORERS.keySet();
    }

    /** Names of the filters and scorers plugins registered. */
    public Set<String> pluginFilters() {
        return filters == null ? Set.of() : new TreeSet<>(filters.snapshot().keySet());
    }

    public Set<String> pluginScorers() {
        return scorers == null ? Set.of() : new TreeSet<>(scorers.snapshot().keySet());
    }

    public static List<String> filterNames(PlacementPolicyEntity entity) {
        String list = entity.getFilters();
        return list == null || list.isBlank() ? List.of() : List.of(list.split(","));
    }

    public static Map<String, Integer> scorerWeights(PlacementPolicyEntity entity) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        Json.read(entity.getScorers()).forEach((name, weight) -> weights.put(name, Integer.valueOf(weight)));
        return weights;
    }

    private static OvmException missing(PlacementPolicyEntity policy, String kind, String name) {
        return new OvmException(OvmError.DRIVER_UNAVAILABLE, "placement policy " + policy.getName() + " uses " + kind
                + " " + name + ", which no installed plugin provides; install its plugin or edit the policy");
    }

    private static Map<String, HostScorer> index(List<HostScorer> scorers) {
        Map<String, HostScorer> byName = new LinkedHashMap<>();
        scorers.forEach(s -> byName.put(s.name(), s));
        return Map.copyOf(byName);
    }

    private static Map<String, HostFilter> indexFilters(List<HostFilter> filters) {
        Map<String, HostFilter> byName = new LinkedHashMap<>();
        filters.forEach(f -> byName.put(f.name(), f));
        return Map.copyOf(byName);
    }
}
