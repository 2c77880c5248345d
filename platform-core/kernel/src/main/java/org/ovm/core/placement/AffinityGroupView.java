package org.ovm.core.placement;

import java.util.List;

/** An affinity group and the instances in it. */
public record AffinityGroupView(String id, String name, String kind, String vdcId, String description,
        List<String> members, String createdAt) {
}
