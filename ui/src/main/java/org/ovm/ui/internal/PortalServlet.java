package org.ovm.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.function.Function;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the built portal: files under {@code ui/} of this bundle, {@code index.html} for {@code /}
 * and for any path without a file extension (the portal routes itself). Hashed assets are
 * cached for a year, the page itself never, so an upgraded portal is picked up at once.
 */
public final class PortalServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "woff2", "font/woff2", "woff", "font/woff", "json", "application/json", "ico",
            "image/x-icon", "txt", "text/plain; charset=utf-8");

    private final transient Function<String, URL> resources;

    /** @param resources finds a file of the build by its path under {@code ui/} (null when absent) */
    public PortalServlet(Function<String, URL> resources) {
        this.resources = resources;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = resolve(request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo());
        URL file = path == null ? null : resources.apply(path);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(TYPES.getOrDefault(extension(path), "application/octet-stream"));
        response.setHeader("Cache-Control", path.startsWith("assets/") ? "public, max-age=31536000, immutable"
                : "no-cache");
        SECURITY_HEADERS.forEach(response::setHeader);
        try (InputStream in = file.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    /**
     * Headers on every file: the page loads only its own scripts, styles, fonts and images, talks
     * only to its own origin (API, event stream, console websocket), cannot be framed by another
     * site, and sends no referrer.
     */
    /** Paths other servlets of the engine serve (the REST API, its event stream, the console proxy). */
    static final java.util.List<String> OTHER_SERVLETS = java.util.List.of("api", "stream", "console");

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                    + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /**
     * The file a request path names: index.html for routes, null for paths that try to escape and
     * for the engine's other servlets' paths (API, event stream, console), which reach the portal
     * only while those are not deployed yet, during boot: a 404 then, never index.html with 200.
     */
    static String resolve(String requested) {
        String path = requested == null ? "" : requested.replaceFirst("^/+", "");
        if (path.contains("..") || path.contains("\\") || path.contains("%")) {
            return null;
        }
        for (String other : OTHER_SERVLETS) {
            if (path.equals(other) || path.startsWith(other + "/")) {
                return null;
            }
        }
        return path.isEmpty() || extension(path).isEmpty() ? "index.html" : path;
    }

    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1) : "";
    }
}
