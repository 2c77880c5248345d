package org.ovm.core.host.internal;

import java.util.Optional;

import javax.persistence.EntityManager;

/**
 * What clusters need to know of placement policies (a cluster names its policy). Implemented by
 * placement, which sits above hosts: hosts never import placement.
 */
public interface ClusterPolicies {

    /** The id of the default policy (the one clusters without their own use). */
    String defaultPolicyId(EntityManager em);

    /** A policy's id, given its id or its name. */
    Optional<String> find(EntityManager em, String idOrName);
}
