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

    /**
     * The console, for one client about to connect: a driver that can should set a fresh
     * one-time password, valid for a short while (about two minutes), and return it; the
     * engine's console proxy answers the password itself, so it never reaches a browser. By
     * default the console as {@link #console} reports it.
     *
     * @since 1.1
     */
    default CompletionStage<ConsoleEndpoint> openConsole(OperationContext ctx, HostEndpoint host, String backendId) {
        return console(ctx, host, backendId);
    }
}
