package org.ovm.core.instance;

import java.util.List;

import org.ovm.core.network.NicRequest;

/**
 * What a client sends to deploy a vApp: N instances placed as a batch in a cluster (largest
 * first), created in parallel, then powered on in the listed order.
 *
 * @param name      unique vApp name
 * @param clusterId where its instances are placed (by the cluster's policy)
 * @param vdcId     owning VDC (defaults to the caller's)
 * @param onFailure {@code rollback} (default: any failed instance removes them all) or {@code keep}
 * @param start     power the instances on once all exist (default true)
 * @param instances the members, 1..100
 */
public record VAppRequest(String name, String clusterId, String vdcId, String onFailure, Boolean start,
        List<Member> instances) {

    /**
     * One member instance; {@code nics}, {@code affinityGroupId} and {@code container} (for a cluster
     * of container hosts) as for a single create.
     */
    public record Member(String name, Integer cpus, Long memoryMiB, String imageId, Long diskGiB,
            List<NicRequest> nics, String affinityGroupId, ContainerRequest container) {

        /** A virtual machine. */
        public Member(String name, Integer cpus, Long memoryMiB, String imageId, Long diskGiB, List<NicRequest> nics,
                String affinityGroupId) {
            this(name, cpus, memoryMiB, imageId, diskGiB, nics, affinityGroupId, null);
        }
    }
}
