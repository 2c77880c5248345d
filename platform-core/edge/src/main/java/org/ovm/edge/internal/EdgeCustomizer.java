package org.ovm.edge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP edge: a Jetty request customizer (Pax Web adds it to every connector) that
 * runs after a request's headers are read and before any servlet. It refuses a path the servlets
 * cannot parse (400), a client that already has its share of connections open (429), and an
 * API request body other than an upload that declares more than the cap (413), each answered
 * as problem+json without reading the body; it gives such a body a few seconds to arrive
 * ({@link BodyDeadline}); and it sets the headers every answer carries
 * ({@code X-Content-Type-Options}, and {@code Cache-Control: no-store} on the API).
 */
public final class EdgeCustomizer implements HttpConfiguration.Customizer {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeCustomizer.class);

    private final EdgeSettings settings;
    private final ClientLimits clients = new ClientLimits();
    /** The connections counted in {@link #clients}, each with its client's address. */
    private final ConcurrentHashMap<Connection, String> counted = new ConcurrentHashMap<>();

    public EdgeCustomizer(EdgeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(Connector connector, HttpConfiguration channelConfig, Request request) {
        Response response = request.getResponse();
        String path = request.getHttpURI().getPath();
        boolean api = path != null && (path.equals("/api") || path.startsWith("/api/"));
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (api) {
            response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
        }
        String rawPath = rawPath(request);
        String uriProblem = RawUri.problem(rawPath, request.getHttpURI().getQuery());
        if (uriProblem == null && api) {
            uriProblem = RawUri.apiProblem(rawPath);
        }
        if (uriProblem != null) {
            refuse(request, HttpServletResponse.SC_BAD_REQUEST, "invalid-input", "Invalid input", uriProblem, null);
            return;
        }
        if (api && !path.equals("/api/v1") && !path.startsWith("/api/v1/")) {
            refuse(request, HttpServletResponse.SC_NOT_FOUND, "not-found", "Not found",
                    "no such resource; the API is at /api/v1 (see /api/v1/openapi.json)", null);
            return;
        }
        String charsetProblem = api ? ContentTypes.charsetProblem(request.getContentType()) : null;
        if (charsetProblem != null) {
            refuse(request, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported media type", charsetProblem, null);
            return;
        }
        if (!admitConnection(request)) {
            return;
        }
        if (!api || ContentTypes.isUpload(request.getContentType())) {
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > settings.maxBodyBytes()) {
            refuse(request, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Payload too large",
                    "the request body declares " + declared + " bytes; the API takes at most " + settings.maxBodyBytes()
                            + " bytes except for uploads (application/octet-stream)",
                    null);
        } else if (declared != 0) {
            request.getHttpInput().addInterceptor(new BodyDeadline(settings.maxBodySeconds()));
        }
    }

    /**
     * Counts the request's connection against its client on its first request; refuses it (429,
     * the connection closed) when the client already has its limit of connections open.
     */
    private boolean admitConnection(Request request) {
        String client = request.getRemoteAddr();
        Connection connection = request.getHttpChannel().getEndPoint().getConnection();
        if (client == null || connection == null || settings.unlimited(client)
                || counted.putIfAbsent(connection, client) != null) {
            return true;
        }
        int limit = settings.maxConnectionsPerClient();
        if (!clients.acquire(client, limit)) {
            counted.remove(connection);
            request.getResponse().setHeader(HttpHeader.CONNECTION.asString(), "close");
            refuse(request, 429, "too-many-requests", "Too many requests", "this client already has " + limit
                    + " connections open to the engine; close one (or wait for one to end) and retry", "1");
            return false;
        }
        connection.addListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection opened) {
                // counted from its first request
            }

            @Override
            public void onClosed(Connection closed) {
                release(closed);
            }
        });
        if (!connection.getEndPoint().isOpen()) {
            release(connection);
        }
        return true;
    }

    private void release(Connection connection) {
        String client = counted.remove(connection);
        if (client != null) {
            clients.release(client);
        }
    }

    private static String rawPath(Request request) {
        String uri = request.getRequestURI();
        return uri == null ? request.getHttpURI().getPath() : uri;
    }


    /**
     * Answers the request here, as problem+json, and closes the connection when a body was
     * declared: the body is never read.
     */
    private static void refuse(Request request, int status, String code, String title, String detail,
            String retryAfter) {
        Response response = request.getResponse();
        try {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            if (retryAfter != null) {
                response.setHeader(HttpHeader.RETRY_AFTER.asString(), retryAfter);
            }
            if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeader.TRANSFER_ENCODING.asString()) != null) {
                response.setHeader(HttpHeader.CONNECTION.asString(), "close");
            }
            String body = "{\"type\":\"urn:ovm:problem:" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":" + json(detail) + ",\"code\":\"" + code.toUpperCase(Locale.ROOT).replace('-', '_')
                    + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer a refused request from {}: {}", request.getRemoteAddr(), e.toString());
        }
        request.setHandled(true);
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
