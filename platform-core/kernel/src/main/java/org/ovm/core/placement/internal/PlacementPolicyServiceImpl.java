package org.ovm.core.placement.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.PlacementPolicyEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.placement.PlacementPolicyRequest;
import org.ovm.core.placement.PlacementPolicyService;
import org.ovm.core.placement.PlacementPolicyView;
import org.ovm.core.placement.SchedulerPluginView;

/** Placement policies in the inventory, checked against the filters and scorers installed. */
public final class PlacementPolicyServiceImpl implements PlacementPolicyService {

    static final int MAX_WEIGHT = 100;
    static final int MAX_PARAMETERS = 32;
    static final int MAX_TEXT = 256;

    private final Tx tx;
    private final PolicyCatalog catalog;
    private final EventPublisher events;

    public PlacementPolicyServiceImpl(Tx tx, PolicyCatalog catalog, EventPublisher events) {
        this.tx = tx;
        this.catalog = catalog;
        this.events = events;
    }

    @Override
    public List<PlacementPolicyView> list(Caller caller) {
        return tx.call(em -> em.createQuery("SELECT p FROM PlacementPolicyEntity p ORDER BY p.name",
                PlacementPolicyEntity.class).getResultList().stream().map(p -> view(em, p)).toList());
    }

    @Override
    public PlacementPolicyView get(Caller caller, String idOrName) {
        return tx.call(em -> view(em, find(em, idOrName)));
    }

    @Override
    public PlacementPolicyView create(Caller caller, PlacementPolicyRequest request) {
        caller.requireAdmin();
        Checked checked = check(request);
        PlacementPolicyView created = tx.call(em -> {
            Ids.requireUnusedName(em, PlacementPolicyEntity.class, "placement policy", checked.name());
            PlacementPolicyEntity policy = new PlacementPolicyEntity();
            policy.setId(Ids.newId());
            policy.setCreatedAt(Times.now());
            apply(policy, request, checked);
            em.persist(policy);
            return view(em, policy);
        });
        events.publish(caller, "placement-policy/created", created.id(), null, "placement policy "
                + created.name() + " created");
        return created;
    }

    @Override
    public PlacementPolicyView update(Caller caller, String id, PlacementPolicyRequest request) {
        caller.requireAdmin();
        Checked checked = check(request);
        PlacementPolicyView updated = tx.call(em -> {
            PlacementPolicyEntity policy = find(em, id);
            requireCustom(policy, "edited");
            if (!policy.getName().equals(checked.name())) {
                Ids.requireUnusedName(em, PlacementPolicyEntity.class, "placement policy", checked.name());
            }
            apply(policy, request, checked);
            return view(em, policy);
        });
        events.publish(caller, "placement-policy/updated", updated.id(), null, "placement policy "
                + updated.name() + " updated");
        return updated;
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        String name = tx.call(em -> {
            PlacementPolicyEntity policy = find(em, id);
            requireCustom(policy, "deleted");
            if (policy.isDefaultPolicy()) {
                throw OvmException.conflict(null, "placement policy " + policy.getName() + " is the default; make "
                        + "another policy the default first");
            }
            List<String> clusters = clusters(em, policy);
            if (!clusters.isEmpty()) {
                throw OvmException.conflict(null, "placement policy " + policy.getName() + " is used by cluster(s) "
                        + String.join(", ", clusters) + "; give them another policy first");
            }
            em.remove(policy);
            return policy.getName();
        });
        events.publish(caller, "placement-policy/deleted", id, null, "placement policy " + name
                + " deleted");
    }

    @Override
    public PlacementPolicyView makeDefault(Caller caller, String id) {
        caller.requireAdmin();
        PlacementPolicyView chosen = tx.call(em -> {
            PlacementPolicyEntity policy = find(em, id);
            em.createQuery("UPDATE PlacementPolicyEntity p SET p.defaultPolicy = FALSE WHERE p.id <> ?1")
                    .setParameter(1, policy.getId()).executeUpdate();
            policy.setDefaultPolicy(true);
            return view(em, policy);
        });
        events.publish(caller, "placement-policy/default", chosen.id(), null, "placement policy "
                + chosen.name() + " is now the default");
        return chosen;
    }

    @Override
    public List<SchedulerPluginView> plugins(Caller caller) {
        List<SchedulerPluginView> all = new ArrayList<>();
        PolicyCatalog.mandatoryFilters().stream().sorted()
                .forEach(f -> all.add(new SchedulerPluginView(f, "filter", "kernel", true)));
        catalog.pluginFilters().forEach(f -> all.add(new SchedulerPluginView(f, "filter", "plugin", false)));
        PolicyCatalog.builtInScorers().stream().sorted()
                .forEach(s -> all.add(new SchedulerPluginView(s, "scorer", "kernel", false)));
        catalog.pluginScorers().forEach(s -> all.add(new SchedulerPluginView(s, "scorer", "plugin", false)));
        return all;
    }

    private record Checked(String name, List<String> filters, Map<String, Integer> scorers,
            Map<String, String> parameters) {
    }

    /** Validates a request against the installed plugins. */
    private Checked check(PlacementPolicyRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name and scorers is required");
        }
        String name = Ids.requireName("name", request.name());
        Checks.requireText("description", request.description(), Checks.MAX_DESCRIPTION);
        List<String> filters = request.filters() == null ? List.of() : request.filters();
        for (String filter : filters) {
            if (filter == null || PolicyCatalog.mandatory(filter)) {
                throw OvmException.invalid("filters", "filter " + filter + " is applied by every policy; list only "
                        + "extra filters");
            }
            if (catalog.filter(filter).isEmpty()) {
                throw OvmException.invalid("filters", "no installed plugin provides filter " + filter
                        + " (the Placement policies page lists the installed ones; shell: ovm:scheduler-plugins)");
            }
        }
        if (Set.copyOf(filters).size() != filters.size()) {
            throw OvmException.invalid("filters", "filters are listed once each");
        }
        if (request.scorers() == null || request.scorers().isEmpty()) {
            throw OvmException.invalid("scorers", "a policy needs at least one scorer with a weight, e.g. "
                    + "{\"free-resources\": 1}");
        }
        Map<String, Integer> scorers = new LinkedHashMap<>();
        request.scorers().forEach((scorer, weight) -> {
            if (catalog.scorer(scorer).isEmpty()) {
                throw OvmException.invalid("scorers", "no installed plugin provides scorer " + scorer
                        + " (the Placement policies page lists the installed ones; shell: ovm:scheduler-plugins)");
            }
            if (weight == null || weight < 1 || weight > MAX_WEIGHT) {
                throw OvmException.invalid("scorers", "the weight of scorer " + scorer + " must be between 1 and "
                        + MAX_WEIGHT + ", got " + weight);
            }
            scorers.put(scorer, weight);
        });
        Map<String, String> parameters = request.parameters() == null ? Map.of() : request.parameters();
        if (parameters.size() > MAX_PARAMETERS) {
            throw OvmException.invalid("parameters", "a policy has at most " + MAX_PARAMETERS + " parameters");
        }
        parameters.forEach((key, value) -> {
            if (key == null || value == null || key.length() > MAX_TEXT || value.length() > MAX_TEXT) {
                throw OvmException.invalid("parameters", "parameters are non-empty strings of at most " + MAX_TEXT
                        + " characters");
            }
            Checks.requireText("parameters", key, MAX_TEXT);
            Checks.requireText("parameters." + key, value, MAX_TEXT);
        });
        String tieBreak = parameters.get(Placement.TIE_BREAK);
        if (tieBreak != null && !Set.of("round-robin", "name").contains(tieBreak)) {
            throw OvmException.invalid("parameters", "tieBreak is round-robin (spread equal hosts in turn) or name "
                    + "(always the first by name), got " + tieBreak);
        }
        return new Checked(name, filters, scorers, parameters);
    }

    private static void apply(PlacementPolicyEntity policy, PlacementPolicyRequest request, Checked checked) {
        policy.setName(checked.name());
        policy.setDescription(request.description());
        policy.setFilters(String.join(",", checked.filters()));
        Map<String, String> weights = new LinkedHashMap<>();
        checked.scorers().forEach((k, v) -> weights.put(k, String.valueOf(v)));
        policy.setScorers(Json.write(weights));
        policy.setParameters(Json.write(checked.parameters()));
    }

    private static void requireCustom(PlacementPolicyEntity policy, String verb) {
        if (policy.isBuiltIn()) {
            throw OvmException.conflict(null, "placement policy " + policy.getName() + " is built in and cannot be "
                    + verb + "; copy it as a new policy on the Placement policies page (shell: ovm:policy-add)");
        }
    }

    private static PlacementPolicyEntity find(EntityManager em, String idOrName) {
        return PolicyCatalog.find(em, idOrName).orElseThrow(() -> OvmException.notFound("placement policy",
                idOrName));
    }

    private static List<String> clusters(EntityManager em, PlacementPolicyEntity policy) {
        return em.createQuery("SELECT c.name FROM ClusterEntity c WHERE c.placementPolicy = ?1"
                + (policy.isDefaultPolicy() ? " OR c.placementPolicy IS NULL" : "") + " ORDER BY c.name",
                String.class).setParameter(1, policy.getId()).getResultList();
    }

    static PlacementPolicyView view(EntityManager em, PlacementPolicyEntity p) {
        return new PlacementPolicyView(p.getId(), p.getName(), p.getDescription(), PolicyCatalog.filterNames(p),
                PolicyCatalog.scorerWeights(p), Json.read(p.getParameters()), p.isBuiltIn(), p.isDefaultPolicy(),
                clusters(em, p), Times.iso(p.getCreatedAt()));
    }
}
