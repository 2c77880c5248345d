package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/** Optional: per-instance counters. Read-only, cheap enough to call every few seconds. */
@ConsumerType
public interface StatsSupport {

    /** Current counters of an instance; a stopped instance reports zeros. */
    CompletionStage<InstanceStats> stats(OperationContext ctx, HostEndpoint host, String backendId);
}
