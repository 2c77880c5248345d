package org.ovm.core.network;

/** Where a network stands on one host (see {@link RealizationView}). */
public enum RealizationState {
    /** The network driver is making the network exist on the host. */
    REALIZING,
    /** The network exists on the host; NICs plug into {@link RealizationView#portRef()}. */
    REALIZED,
    /** Realizing or removing it failed; {@link RealizationView#reason()} says why. */
    FAILED,
    /** The network is being removed from the host (its delete task runs). */
    REMOVING
}
