package org.ovm.core.placement;

/**
 * What a client sends to create an affinity group.
 *
 * @param name        unique within the VDC
 * @param kind        {@code affinity} (members on one host) or {@code anti-affinity} (each on its own host)
 * @param vdcId       the owning VDC (defaults to the caller's)
 * @param description free text
 */
public record AffinityGroupRequest(String name, String kind, String vdcId, String description) {
}
