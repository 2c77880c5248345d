package org.ovm.core.placement.internal;

import java.util.Optional;

import javax.persistence.EntityManager;

import org.ovm.core.host.internal.ClusterPolicies;
import org.ovm.core.internal.inventory.PlacementPolicyEntity;

/** Placement's answer to what clusters ask of policies. */
public final class PolicyLookup implements ClusterPolicies {

    @Override
    public String defaultPolicyId(EntityManager em) {
        return PolicyCatalog.defaultPolicy(em).getId();
    }

    @Override
    public Optional<String> find(EntityManager em, String idOrName) {
        return PolicyCatalog.find(em, idOrName).map(PlacementPolicyEntity::getId);
    }
}
