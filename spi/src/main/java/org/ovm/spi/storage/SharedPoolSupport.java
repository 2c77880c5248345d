package org.ovm.spi.storage;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.OperationContext;

/**
 * Optional, for pools many hosts use at once (an NFS export): the pool as the engine itself sees
 * it, without going through a host. The kernel's pool monitor calls {@link #probe} every probe
 * period for every attached pool of this driver's type: a failure marks the pool {@code DEGRADED}
 * with the failure's message as the reason (the hosts using it are named as affected), the next
 * success heals it. Drivers implementing this also report {@link StorageCapability#SHARED}.
 *
 * @since 2.1
 */
@ConsumerType
public interface SharedPoolSupport {

    /**
     * Reaches the pool from the engine and reports its capacity (the export's own numbers, for
     * example NFS FSSTAT). Read-only; must complete or fail before {@code ctx}'s deadline even when
     * the server does not answer. Fails with {@link org.ovm.spi.common.DriverException}
     * {@code UNREACHABLE} and a message an operator can act on ("NFS server 10.0.0.5 does not answer:
     * ...", "export /srv/ovm is not exported by 10.0.0.5").
     */
    CompletionStage<PoolCapacity> probe(OperationContext ctx, PoolSpec pool);
}
