package org.ovm.rest.internal.stream;

import java.io.IOException;
import java.util.Map;

import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;

/**
 * {@code GET /stream/events} with the portal's bearer token: server-sent events of what the caller
 * may see. The request goes async at once and {@link StreamWriter} sends the events, so an open
 * stream (one per portal tab) holds no request thread. Registered through the HTTP whiteboard,
 * which can mark a servlet async-supported.
 */
public final class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient AuthService auth;
    private final transient StreamWriter writer;

    public EventStreamServlet(AuthService auth, StreamWriter writer) {
        this.auth = auth;
        this.writer = writer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        Caller caller;
        try {
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new IllegalArgumentException("a bearer token is required");
            }
            caller = auth.verifyToken(header.substring(7).trim());
        } catch (OvmException | IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/problem+json");
            response.getWriter().write(EventStream.json(Map.of("type", "urn:ovm:problem:unauthenticated",
                    "title", "Authentication required", "detail", "send the portal's bearer token")));
            return;
        }
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // open until the client leaves; keepalives find the ones that vanished
        writer.start(async, caller);
    }
}
