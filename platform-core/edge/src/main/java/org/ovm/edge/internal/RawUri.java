package org.ovm.edge.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks that a request's raw path and query are a URI the servlets can parse. Jetty accepts
 * characters such as {@code {}, {@code }} or a space in a request line; CXF then fails on them
 * with a 500 and a stack trace in the log, before anything authenticates the caller. Such a
 * request is refused here instead, with the character and how to send it.
 */
final class RawUri {

    private RawUri() {
    }

    /**
     * What is wrong with the raw path and query (as sent, not decoded), or {@code null} when
     * {@link URI} parses them.
     */
    static String problem(String rawPath, String rawQuery) {
        String path = rawPath == null ? "" : rawPath;
        String target = rawQuery == null ? path : path + "?" + rawQuery;
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            int at = e.getIndex();
            if (at < 0 || at >= target.length()) {
                return "the request target is not a valid URI: " + e.getReason();
            }
            char c = target.charAt(at);
            String where = at < path.length() ? "path" : "query";
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                return "the request " + where + " contains the character U+"
                        + String.format("%04X", (int) c) + " at position " + (at + 1)
                        + ": percent-encode it (UTF-8)";
            }
            if (c == '%') {
                return "the request " + where + " has a '%' at position " + (at + 1)
                        + " that is not followed by two hexadecimal digits: send a literal '%' as %25";
            }
            return "the request " + where + " contains '" + c + "' at position " + (at + 1)
                    + ": percent-encode it as %" + String.format("%02X", (int) c);
        }
    }

    /**
     * What is wrong with an API path that parses: an encoded {@code /} or {@code \\} (Jetty
     * decodes it, and the path then leaves the resource it seemed to name), or null.
     */
    static String apiProblem(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return "the request path contains an encoded '/' or '\\\\' (%2F, %5C); an id never holds one";
        }
        return null;
    }
}
