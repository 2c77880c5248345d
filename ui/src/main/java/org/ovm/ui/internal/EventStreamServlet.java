package org.ovm.ui.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.ovm.core.AuthService;
import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.spi.engine.EngineEvent;

/**
 * {@code GET /stream/events} with the portal's bearer token: server-sent events of what the caller
 * may see, a comment every {@link #KEEPALIVE_SECONDS} s to keep proxies from closing the stream.
 * Each open stream holds one request thread (the portal opens one per tab).
 */
public final class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int KEEPALIVE_SECONDS = 15;

    private final transient AuthService auth;
    private final transient EventStream stream;

    public EventStreamServlet(AuthService auth, EventStream stream) {
        this.auth = auth;
        this.stream = stream;
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
            response.getWriter().write(EventStream.json(java.util.Map.of("type", "urn:ovm:problem:unauthenticated",
                    "title", "Authentication required", "detail", "send the portal's bearer token")));
            return;
        }
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        PrintWriter out = response.getWriter();
        EventStream.Subscriber subscriber = stream.subscribe(caller);
        try {
            out.write("retry: 5000\n: connected\n\n");
            out.flush();
            while (!out.checkError()) {
                EngineEvent event = subscriber.queue().poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                out.write(event == null ? ": keepalive\n\n" : EventStream.format(event));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.unsubscribe(subscriber);
        }
    }
}
