package org.ovm.ui.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the built portal: files under {@code ui/} of this bundle, {@code index.html} for {@code /}
 * and for any path without a file extension (the portal routes itself). Hashed assets are
 * cached for a year, the page itself never, so an upgraded portal is picked up at once. Text
 * files (scripts, styles, the page, SVG) go gzip-compressed to clients that accept it, compressed
 * once per file and kept in memory (the bundle's files never change while it runs). A request
 * for {@code /favicon.ico} gets the portal's SVG icon.
 */
public final class PortalServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "woff2", "font/woff2", "woff", "font/woff", "json", "application/json", "ico",
            "image/x-icon", "txt", "text/plain; charset=utf-8");

    /** Text files worth compressing; images and fonts are compressed already. */
    static final Set<String> COMPRESSED = Set.of("html", "js", "css", "svg", "json", "txt");
    /** Below this size gzip saves nothing worth a header. */
    static final int MIN_COMPRESSED = 512;
    static final String FAVICON = "favicon.ico";
    static final String FAVICON_SVG = "favicon.svg";

    private final transient Function<String, URL> resources;
    private final transient Map<String, byte[]> gzipped = new ConcurrentHashMap<>();

    /** @param resources finds a file of the build by its path under {@code ui/} (null when absent) */
    public PortalServlet(Function<String, URL> resources) {
        this.resources = resources;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = resolve(request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo());
        URL file = path == null ? null : resources.apply(path);
        if (file == null && FAVICON.equals(path)) {
            path = FAVICON_SVG;
            file = resources.apply(path);
        }
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String type = extension(path);
        response.setContentType(TYPES.getOrDefault(type, "application/octet-stream"));
        response.setHeader("Cache-Control", path.startsWith("assets/") ? "public, max-age=31536000, immutable"
                : "no-cache");
        SECURITY_HEADERS.forEach(response::setHeader);
        byte[] body;
        try (InputStream in = file.openStream()) {
            body = in.readAllBytes();
        }
        if (COMPRESSED.contains(type)) {
            // caches keep the plain and the compressed answer apart
            response.setHeader("Vary", "Accept-Encoding");
            if (body.length >= MIN_COMPRESSED && acceptsGzip(request.getHeader("Accept-Encoding"))) {
                URL source = file;
                body = gzipped.computeIfAbsent(path, p -> gzip(source, p));
                response.setHeader("Content-Encoding", "gzip");
            }
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The gzip form of a file, compressed once. */
    private static byte[] gzip(URL file, String path) {
        try (InputStream in = file.openStream()) {
            return gzip(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the portal's " + path, e);
        }
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * True when an Accept-Encoding header accepts gzip: {@code gzip} (or {@code x-gzip}) with a
     * non-zero quality, or {@code *} with a non-zero quality when gzip is not named.
     */
    static boolean acceptsGzip(String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(pieces);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = gzip == null ? quality : Math.max(gzip, quality);
            } else if (coding.equals("*")) {
                any = quality;
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    /** The q parameter of a coding (1 when absent, 0 when unreadable). */
    private static double quality(String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            String parameter = pieces[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
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
