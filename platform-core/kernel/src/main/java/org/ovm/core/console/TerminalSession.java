package org.ovm.core.console;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

/** An open terminal in a running instance, as the console proxy bridges it to a browser. */
public interface TerminalSession extends AutoCloseable {

    /** Sends keystrokes. */
    void write(byte[] data) throws IOException;

    /** Tells the process the terminal's size. */
    void resize(int columns, int rows);

    /** Completes when the process ends or the session is closed. */
    CompletionStage<Void> closed();

    /** Ends the session. Idempotent; never fails. */
    @Override
    void close();
}
