package org.ovm.plugin.simulator.internal;

import java.util.Map;
import java.util.UUID;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.testkit.StorageDriverContract;

/** The simulator keeps the storage contract. */
class SimulatorStorageContractTest extends StorageDriverContract {

    @Override
    protected StorageDriver createDriver() {
        return new SimulatorStorageDriver(new FaultInjector(new SimulatedBackend()));
    }

    @Override
    protected PoolSpec pool() {
        return new PoolSpec(UUID.randomUUID().toString(), "pool", "sim://pool", Map.of());
    }

    @Override
    protected HostEndpoint host() {
        return new HostEndpoint("h1", "sim://h1", null, null, Map.of());
    }
}
