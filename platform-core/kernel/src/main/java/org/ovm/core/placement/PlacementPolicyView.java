package org.ovm.core.placement;

import java.util.List;
import java.util.Map;

/** A placement policy: the filters and weighted scorers placement runs, and its parameters. */
public record PlacementPolicyView(String id, String name, String description, List<String> filters,
        Map<String, Integer> scorers, Map<String, String> parameters, boolean builtIn, boolean defaultPolicy,
        List<String> clusters, String createdAt) {
}
