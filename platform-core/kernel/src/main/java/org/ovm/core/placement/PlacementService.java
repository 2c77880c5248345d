package org.ovm.core.placement;

import org.ovm.core.Caller;

/** Asks placement where an instance would go, without creating anything. */
public interface PlacementService {

    /** Where an instance of this size would go in the cluster, and why not elsewhere. Admin only. */
    PlacementExplanation explain(Caller caller, PlacementRequestView request);
}
