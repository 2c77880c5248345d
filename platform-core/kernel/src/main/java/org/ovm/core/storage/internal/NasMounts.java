package org.ovm.core.storage.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.ovm.core.OvmException;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.NasMountSupport;
import org.ovm.spi.hypervisor.NfsShare;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts a shared {@code nfs://} pool's export on hosts whose hypervisor needs a mount of its own to use it
 * ({@link NasMountSupport}: ESXi's NAS datastores), right after the storage driver attached the pool there, and
 * removes the mount before the storage driver detaches it. Other hosts and pools: nothing to do.
 */
final class NasMounts {

    private static final Logger LOG = LoggerFactory.getLogger(NasMounts.class);

    private final HostAccess hosts;

    NasMounts(HostAccess hosts) {
        this.hosts = hosts;
    }

    /** The export a shared pool of uri {@code nfs://server/path} lives on; null for any other pool. */
    static NfsShare share(StorageDriver driver, PoolSpec pool) {
        if (driver == null || !driver.capabilities().contains(StorageCapability.SHARED) || pool.uri() == null
                || !pool.uri().toLowerCase(Locale.ROOT).startsWith("nfs://")) {
            return null;
        }
        try {
            URI uri = new URI(pool.uri());
            String path = uri.getPath();
            while (path != null && path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (uri.getHost() == null || path == null || path.isEmpty()) {
                return null; // the storage driver refuses such a uri itself
            }
            return new NfsShare(uri.getHost(), path, pool.name() == null ? pool.poolId() : pool.name());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Mounts the pool's export on the target's host when its hypervisor needs that; completes with the mount. */
    CompletionStage<String> mount(OperationContext ctx, StorageAccess.Target t, boolean recovering) {
        NfsShare share = share(t.driver(), t.pool());
        if (share == null) {
            return CompletableFuture.completedFuture(null);
        }
        return nas(t, share, recovering).thenCompose(h -> h == null ? CompletableFuture.completedFuture(null)
                : ((NasMountSupport) h.driver()).mountNfs(ctx, h.endpoint(), share));
    }

    /** Removes the mount {@link #mount} made. */
    CompletionStage<Void> unmount(OperationContext ctx, StorageAccess.Target t, boolean recovering) {
        NfsShare share = share(t.driver(), t.pool());
        if (share == null) {
            return CompletableFuture.completedFuture(null);
        }
        return nas(t, share, recovering).thenCompose(h -> h == null ? CompletableFuture.<Void>completedFuture(null)
                : ((NasMountSupport) h.driver()).unmountNfs(ctx, h.endpoint(), share));
    }

    /**
     * The host's driver when it implements {@link NasMountSupport}, else null. A host whose hypervisor plugin is
     * not installed is skipped (logged): it cannot run anything from the pool, and a mount it has stays.
     */
    private CompletionStage<HostAccess.Target> nas(StorageAccess.Target t, NfsShare share, boolean recovering) {
        return hosts.target(t.host().hostId(), recovering).handle((h, error) -> {
            if (error != null) {
                if (!(Failures.unwrap(error) instanceof OvmException)) {
                    throw new CompletionException(Failures.unwrap(error));
                }
                LOG.warn("Not mounting or unmounting pool {} on host {}: {}", share.poolName(), t.host().hostId(),
                        Failures.message(error));
                return null;
            }
            return h.driver() instanceof NasMountSupport ? h : null;
        });
    }
}
