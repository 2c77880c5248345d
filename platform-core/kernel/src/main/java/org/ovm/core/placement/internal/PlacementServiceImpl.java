package org.ovm.core.placement.internal;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceLimits;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.NicRequest;
import org.ovm.core.network.internal.NicNetworks;
import org.ovm.core.placement.PlacementExplanation;
import org.ovm.core.placement.PlacementRequestView;
import org.ovm.core.placement.PlacementService;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.network.NetworkDriver;

/** Placement dry runs: the same ranking a create would do, with every host's verdict. */
public final class PlacementServiceImpl implements PlacementService {

    private final Tx tx;
    private final Placer placer;
    private final DriverRegistry<NetworkDriver> networkDrivers;

    public PlacementServiceImpl(Tx tx, Placer placer, DriverRegistry<NetworkDriver> networkDrivers) {
        this.tx = tx;
        this.placer = placer;
        this.networkDrivers = networkDrivers;
    }

    @Override
    public PlacementExplanation explain(Caller caller, PlacementRequestView request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid("cpus", "a JSON body with cpus and memoryMiB (and clusterId or zoneId; "
                    + "neither: the default zone) is required");
        }
        int cpus = Checks.requireRange("cpus", request.cpus() == null ? null : request.cpus().longValue(), 1,
                InstanceLimits.MAX_CPUS);
        long memory = Checks.requireRange("memoryMiB", request.memoryMiB(), InstanceLimits.MIN_MEMORY_MIB,
                InstanceLimits.MAX_MEMORY_MIB);
        return tx.call(em -> {
            StoragePoolEntity pool = null;
            if (request.storagePoolId() != null) {
                pool = em.find(StoragePoolEntity.class, request.storagePoolId());
                if (pool == null) {
                    throw OvmException.invalid("storagePoolId", "storage pool " + request.storagePoolId()
                            + " does not exist");
                }
            }
            List<NicRequest> nics = request.networkIds() == null ? null : request.networkIds().stream()
                    .map(id -> new NicRequest(id, null)).toList();
            AffinityGroupEntity group = request.affinityGroupId() == null ? null
                    : em.find(AffinityGroupEntity.class, request.affinityGroupId());
            if (request.affinityGroupId() != null && group == null) {
                throw OvmException.invalid("affinityGroupId", "affinity group " + request.affinityGroupId()
                        + " does not exist");
            }
            return placer.explain(em, new Placer.Ask(request.clusterId(), request.zoneId(), request.hostIds(), cpus,
                    memory, PlacementHints.of(em, pool, NicNetworks.of(em, networkDrivers, nics), group)));
        });
    }
}
