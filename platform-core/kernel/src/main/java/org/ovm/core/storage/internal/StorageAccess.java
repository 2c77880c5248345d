package org.ovm.core.storage.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageDriver;

/** Resolves a pool to its storage driver, its spec and the endpoint of a host it serves. */
public final class StorageAccess {

    private final Tx tx;
    private final HostAccess hosts;
    private final DriverRegistry<StorageDriver> drivers;

    public StorageAccess(Tx tx, HostAccess hosts, DriverRegistry<StorageDriver> drivers) {
        this.tx = tx;
        this.hosts = hosts;
        this.drivers = drivers;
    }

    /** The hosts' drivers and endpoints. */
    HostAccess hosts() {
        return hosts;
    }

    /** A pool's driver, spec and host. */
    public record Target(StorageDriver driver, PoolSpec pool, HostEndpoint host) {
    }

    /** The driver of a pool's type, which must be installed (409 naming the plugin otherwise). */
    public StorageDriver driver(StoragePoolEntity pool) {
        return drivers.require(pool.getType());
    }

    /** The pool through any host it serves. */
    public CompletionStage<Target> target(String poolId, boolean waitForDriver) {
        return target(poolId, null, waitForDriver);
    }

    /**
     * The pool through the given host, which it must serve (attached there and usable); a null host:
     * any usable attached host, one whose host is UP first.
     */
    public CompletionStage<Target> target(String poolId, String hostId, boolean waitForDriver) {
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        if (pool == null) {
            return CompletableFuture.failedFuture(OvmException.notFound("storage pool", poolId));
        }
        String through = hostId != null ? hostId : tx.call(em -> anyUsableHost(em, pool));
        if (through == null || !tx.call(em -> PoolHosts.serves(em, pool, through))) {
            return CompletableFuture.failedFuture(OvmException.conflict(null, "storage pool " + pool.getName()
                    + " is not usable from " + (hostId == null ? "any host now" : "host " + hostId)
                    + (pool.getStateReason() == null ? "" : " (" + pool.getStateReason() + ")")));
        }
        return through(pool, through, waitForDriver);
    }

    /** The pool through a host whatever its state there (what attaching and detaching it use). */
    CompletionStage<Target> through(String poolId, String hostId, boolean waitForDriver) {
        StoragePoolEntity pool = tx.call(em -> em.find(StoragePoolEntity.class, poolId));
        if (pool == null) {
            return CompletableFuture.failedFuture(OvmException.notFound("storage pool", poolId));
        }
        return through(pool, hostId, waitForDriver);
    }

    private CompletionStage<Target> through(StoragePoolEntity pool, String hostId, boolean waitForDriver) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null) {
            return CompletableFuture.failedFuture(OvmException.notFound("host", hostId));
        }
        HostEndpoint endpoint = hosts.endpoint(host);
        PoolSpec spec = spec(pool);
        CompletionStage<StorageDriver> driver;
        if (waitForDriver) {
            driver = drivers.await(pool.getType(), Duration.ofSeconds(90));
        } else {
            try {
                driver = CompletableFuture.completedFuture(drivers.require(pool.getType()));
            } catch (OvmException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return driver.thenApply(d -> new Target(d, spec, endpoint));
    }

    private static String anyUsableHost(EntityManager em, StoragePoolEntity pool) {
        List<String> usable = PoolHosts.usableHostIds(em, pool);
        return usable.stream().filter(id -> {
            HostEntity host = em.find(HostEntity.class, id);
            return host != null && host.getState() == HostState.UP;
        }).findFirst().orElse(usable.isEmpty() ? null : usable.get(0));
    }

    /** Reads a pool's capacity from its driver into the inventory; best effort (logs nothing on failure). */
    public CompletionStage<Void> refreshCapacity(String poolId, OperationContext ctx) {
        return target(poolId, false)
                .thenCompose(t -> t.driver().capacity(ctx, t.pool(), t.host()))
                .thenAccept(capacity -> tx.run(em -> {
                    StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
                    if (pool != null) {
                        pool.setTotalBytes(capacity.totalBytes());
                        pool.setAvailableBytes(capacity.availableBytes());
                    }
                }))
                .exceptionally(error -> null);
    }

    public static PoolSpec spec(StoragePoolEntity pool) {
        return new PoolSpec(pool.getId(), pool.getName(), pool.getUri(), Json.read(pool.getSettings()));
    }
}
