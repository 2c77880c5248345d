package org.ovm.core.placement;

import java.util.List;

import org.ovm.core.Caller;

/**
 * Placement policies as data. Anyone may read them; admins create, replace and delete custom ones
 * and choose the default (the policy of clusters without their own). Built-in policies are read-only.
 */
public interface PlacementPolicyService {

    List<PlacementPolicyView> list(Caller caller);

    PlacementPolicyView get(Caller caller, String idOrName);

    PlacementPolicyView create(Caller caller, PlacementPolicyRequest request);

    /** Replaces a custom policy; clusters using it place with the new version at once. */
    PlacementPolicyView update(Caller caller, String id, PlacementPolicyRequest request);

    /** Fails with 409 for a built-in policy, the default, or one a cluster uses. */
    void delete(Caller caller, String id);

    /** Makes a policy the default. */
    PlacementPolicyView makeDefault(Caller caller, String id);

    /** The filters and scorers installed: the kernel's and those plugins registered. */
    List<SchedulerPluginView> plugins(Caller caller);
}
