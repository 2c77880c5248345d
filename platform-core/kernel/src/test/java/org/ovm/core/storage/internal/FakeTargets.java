package org.ovm.core.storage.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.storage.StorageDriver;

/** The storage and host seams of the kernel's tests: pools resolve to fake drivers by type, hosts to one driver. */
public final class FakeTargets {

    private FakeTargets() {
    }

    public static HostEndpoint endpoint(String hostId) {
        return new HostEndpoint(hostId, "fake://" + hostId, null, null, Map.of());
    }

    /** A pool through the given host (null: the pool's own), with the driver of its type. */
    public static PoolTargets pools(Tx tx, Map<String, StorageDriver> drivers) {
        return (poolId, hostId, wait) -> {
            StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
            return CompletableFuture.completedFuture(new StorageAccess.Target(drivers.get(pool.getType()),
                    StorageAccess.spec(pool), endpoint(hostId == null ? pool.getHostId() : hostId)));
        };
    }

    /** Every host through {@code driver}, of type {@code type}. */
    public static HostTargets hosts(HypervisorDriver driver, String type) {
        return (hostId, wait) -> CompletableFuture.completedFuture(new HostAccess.Target(driver, endpoint(hostId),
                type));
    }
}
