package org.ovm.plugin.nfsstorage.internal;

import java.util.UUID;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.testkit.StorageDriverContract;

/** The SPI's storage contract against the real NFS server of {@code ./ovm backends up} ({@code NFS_URI}). */
class NfsStorageContractIT extends StorageDriverContract {

    private final String poolId = "i16-nfs-" + UUID.randomUUID();

    @Override
    protected StorageDriver createDriver() {
        return new NfsStorageDriver();
    }

    @Override
    protected PoolSpec pool() {
        return NfsBackend.pool(poolId);
    }

    @Override
    protected HostEndpoint host() {
        return NfsBackend.host();
    }
}
