package org.ovm.edge.internal;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.HttpInput;

/**
 * Cuts off an API request body (other than an upload) that is still arriving some seconds after
 * its request's headers: a client that trickles its body a byte at a time cannot hold a server
 * thread for longer than that. Checked each time a piece of the body arrives (a body that stops
 * altogether is ended by the connector's idle timeout), and never once the body is complete, so
 * a slow answer is never mistaken for a slow client. Jetty's own {@code minRequestDataRate}
 * cannot serve here: it also counts the time the engine takes to answer, and CXF reads the
 * (finished) body again after answering.
 */
final class BodyDeadline implements HttpInput.Interceptor {

    private final long deadline;
    private final long seconds;

    BodyDeadline(long seconds) {
        this.seconds = seconds;
        this.deadline = System.nanoTime() + seconds * 1_000_000_000L;
    }

    @Override
    public HttpInput.Content readFrom(HttpInput.Content content) {
        if (content != null && !content.isEmpty() && System.nanoTime() > deadline) {
            throw new BadMessageException(408, "the request body was still arriving " + seconds
                    + " s after its headers; send it at once");
        }
        return content;
    }
}
