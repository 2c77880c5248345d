package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: where an instance's console is. Implemented by drivers that list
 * {@link HypervisorCapability#CONSOLE}. Read-only.
 */
@ConsumerType
public interface ConsoleSupport {

    /** The console of a running instance; fails with {@code CONFLICT} if it is not running. */
    CompletionStage<ConsoleEndpoint> console(OperationContext ctx, HostEndpoint host, String backendId);
}
