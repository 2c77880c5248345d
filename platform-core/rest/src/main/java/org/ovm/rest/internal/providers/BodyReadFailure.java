package org.ovm.rest.internal.providers;

import java.io.EOFException;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.core.Response;

import org.ovm.core.OvmError;

/**
 * A request body that could not be read because of the client: it stopped sending (the web
 * server's idle timeout, 10 s, see etc/jetty.xml), sent it too slowly (the HTTP edge's body
 * deadline), or ended
 * before its declared length. Answered 408 or 400, never 500, and not logged as an engine error.
 */
final class BodyReadFailure {

    private BodyReadFailure() {
    }

    /** The answer for {@code failure} when a client's body caused it, else {@code null}. */
    static Response answer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof TimeoutException) {
                return Problems.of(OvmError.REQUEST_TIMEOUT, null,
                        "the request body stopped arriving; send it without pauses", null);
            }
            if (name.equals("org.eclipse.jetty.http.BadMessageException") && message.startsWith("408")) {
                // the edge's body deadline (org.ovm.edge): "408: <what to do>"
                return Problems.of(OvmError.REQUEST_TIMEOUT, null, message.substring(3).replaceFirst("^[: ]+", ""),
                        null);
            }
            if (t instanceof EOFException || name.equals("org.eclipse.jetty.io.EofException")
                    || message.contains("Early EOF")) {
                return Problems.of(OvmError.INVALID_INPUT, null,
                        "the request body ended before the length it declared (Content-Length)", null);
            }
        }
        return null;
    }
}
