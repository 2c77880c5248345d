package org.ovm.spi.hypervisor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: an interactive terminal in a running instance (a process with a TTY, such as a
 * container's shell), which the engine's console proxy bridges to a browser.
 *
 * @since 1.3
 */
@ConsumerType
public interface TerminalSupport {

    /** An open terminal. */
    interface Session extends AutoCloseable {

        /** Sends keystrokes. */
        void write(byte[] data) throws IOException;

        /** Tells the process the terminal's new size. */
        void resize(int columns, int rows);

        /** Completes when the process ends or the session is closed. */
        CompletionStage<Void> closed();

        /** Ends the session (the process gets a hangup). Idempotent; never fails. */
        @Override
        void close();
    }

    /**
     * Starts {@code command} with a TTY in a running instance and streams what it prints to
     * {@code output} (from a driver thread). Fails with {@code CONFLICT} if it is not running.
     */
    CompletionStage<Session> openTerminal(OperationContext ctx, HostEndpoint host, String backendId,
            List<String> command, int columns, int rows, Consumer<byte[]> output);
}
