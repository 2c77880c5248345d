package org.ovm.plugin.esxi.internal;

import java.util.Map;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.testkit.StorageDriverContract;

/** The storage contract on the simulated host's datastore LocalDS_0 ({@code ./ovm backends up esxi}). */
class EsxiStorageContractTest extends StorageDriverContract {

    @Override
    protected StorageDriver createDriver() {
        return new EsxiDatastoreDriver(new EsxiHypervisorDriver());
    }

    @Override
    protected PoolSpec pool() {
        return new PoolSpec("pool-esxi-test", "LocalDS_0", "ds:///vmfs/volumes/LocalDS_0/", Map.of());
    }

    @Override
    protected HostEndpoint host() {
        return EsxiBackend.host();
    }
}
