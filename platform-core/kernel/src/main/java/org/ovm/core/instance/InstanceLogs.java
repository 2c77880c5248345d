package org.ovm.core.instance;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An instance's output, checked and ready to stream: {@link InstanceService#logs} refuses bad
 * requests up front, then the caller writes it where it likes (an HTTP response).
 */
@FunctionalInterface
public interface InstanceLogs {

    /** Writes the output; with follow, returns when the instance stops or {@code out} fails. */
    void writeTo(OutputStream out) throws IOException;
}
