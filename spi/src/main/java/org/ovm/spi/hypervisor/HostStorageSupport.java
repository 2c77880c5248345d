package org.ovm.spi.hypervisor;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: a host that brings its own storage (an ESXi host's datastores). The kernel calls
 * {@link #hostStorage} each time the host connects and adds a storage pool of that host for
 * every entry it does not know yet (same host and uri), so the operator does not have to.
 * Read-only. Since 1.4.
 */
@ConsumerType
public interface HostStorageSupport {

    /** The storage the host has now. */
    CompletionStage<List<HostStorage>> hostStorage(OperationContext ctx, HostEndpoint host);
}
