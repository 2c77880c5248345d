package org.ovm.core.storage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.storage.StoragePoolService;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HostStorage;
import org.ovm.spi.hypervisor.HostStorageSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the storage a host brings of its own ({@link HostStorageSupport}: an ESXi host's
 * datastores) as storage pools of that host when it connects, named {@code <host>-<storage>}.
 * Storage already registered (same host and uri) is left as it is; so is storage whose type no
 * installed storage driver serves, until it connects again with that driver present.
 */
public final class HostPools {

    private static final Logger LOG = LoggerFactory.getLogger(HostPools.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Tx tx;
    private final HostAccess access;
    private final DriverRegistry<HypervisorDriver> hypervisors;
    private final StoragePoolService pools;
    private final Executor executor;

    public HostPools(Tx tx, HostAccess access, DriverRegistry<HypervisorDriver> hypervisors,
            StoragePoolService pools, Executor executor) {
        this.tx = tx;
        this.access = access;
        this.hypervisors = hypervisors;
        this.pools = pools;
        this.executor = executor;
    }

    /** Asks the host's driver for its storage and adds the pools it lacks; never fails (logs). */
    public void discover(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null || !(hypervisors.find(host.getType()).orElse(null) instanceof HostStorageSupport support)) {
            return;
        }
        OperationContext ctx = new OperationContext("host-pools-" + UUID.randomUUID(), Instant.now().plus(TIMEOUT),
                "system", executor);
        support.hostStorage(ctx, access.endpoint(host)).whenComplete((storage, error) -> {
            if (error != null) {
                LOG.warn("Host {}: listing its storage failed: {}", host.getName(), error.getMessage());
                return;
            }
            storage.forEach(s -> add(host, s));
        });
    }

    private void add(HostEntity host, HostStorage storage) {
        List<String> known = tx.call(em -> em.createQuery("SELECT p.id FROM StoragePoolEntity p WHERE p.hostId = ?1 "
                + "AND p.uri = ?2", String.class).setParameter(1, host.getId()).setParameter(2, storage.uri())
                .getResultList());
        if (!known.isEmpty()) {
            return;
        }
        String name = poolName(host.getName(), storage.name());
        try {
            pools.create(Caller.SYSTEM, new StoragePoolRequest(name, storage.type(), storage.uri(), host.getId()));
            LOG.info("Host {}: its storage {} is now pool {}", host.getName(), storage.name(), name);
        } catch (OvmException e) {
            LOG.warn("Host {}: its storage {} was not added as pool {}: {}", host.getName(), storage.name(), name,
                    e.getMessage());
        }
    }

    /** {@code <host>-<storage>}, with what a name may not hold replaced by '-' and cut to a name's length. */
    static String poolName(String host, String storage) {
        String name = (host + "-" + storage).replaceAll("[^A-Za-z0-9._-]", "-");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }
}
