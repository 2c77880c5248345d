package org.ovm.spi.hypervisor;

import java.io.OutputStream;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: an instance's output (a container's stdout and stderr). Read-only.
 *
 * @since 1.3
 */
@ConsumerType
public interface LogSupport {

    /**
     * Writes the selected output to {@code out} as it arrives, flushing after each chunk. The
     * stage completes when all of it is written, or, with {@link LogQuery#follow()}, when the
     * instance stops, {@code out} fails (the reader went away) or the stage is cancelled.
     */
    CompletionStage<Void> logs(OperationContext ctx, HostEndpoint host, String backendId, LogQuery query,
            OutputStream out);
}
