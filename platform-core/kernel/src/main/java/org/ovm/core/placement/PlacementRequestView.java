package org.ovm.core.placement;

import java.util.List;

/**
 * What a client sends to explain a placement: the scope, the size, and optionally the disk, NICs and
 * affinity group whose constraints the real create would apply.
 *
 * @param clusterId       place in this cluster (with its policy)
 * @param zoneId          or in any cluster of this zone (with the default policy); neither: the default zone
 * @param hostIds         narrow the scope to these hosts
 * @param cpus            vCPUs
 * @param memoryMiB       memory
 * @param storagePoolId   the pool of the disk
 * @param networkIds      the networks of the NICs
 * @param affinityGroupId the group the instance would join
 */
public record PlacementRequestView(String clusterId, String zoneId, List<String> hostIds, Integer cpus,
        Long memoryMiB, String storagePoolId, List<String> networkIds, String affinityGroupId) {
}
