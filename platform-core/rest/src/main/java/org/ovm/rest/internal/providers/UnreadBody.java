package org.ovm.rest.internal.providers;

import org.apache.cxf.io.DelegatingInputStream;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

/**
 * Leaves a refused request's body unread. Before it answers, CXF drains what is left of a
 * request body (up to 16 MiB, {@code AbstractHTTPDestination.cacheInput}) so that the connection
 * can be reused; a client that declares a large body and never sends it would hold a server
 * thread that long, before it is even authenticated. Without the stream to drain, CXF answers
 * at once, and the answer closes the connection ({@code Connection: close}), so the body is
 * never read.
 */
public final class UnreadBody {

    public static final String CONNECTION = "Connection";

    private UnreadBody() {
    }

    /** Detaches the current request's body from CXF, which then does not drain it. */
    public static void discard() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        if (message != null) {
            Message in = message.getExchange() == null ? message : message.getExchange().getInMessage();
            (in == null ? message : in).removeContent(DelegatingInputStream.class);
        }
    }
}
