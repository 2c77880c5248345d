package org.ovm.console.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.websocket.HandshakeResponse;
import javax.websocket.server.HandshakeRequest;
import javax.websocket.server.ServerEndpointConfig;

/**
 * Refuses a console websocket opened from a page of another site (review F15): a handshake whose
 * {@code Origin} header is present must name the engine's own host and port, as the {@code Host}
 * header does. Clients that send no {@code Origin} (not browsers: the shell, scripts) are let
 * through; the ticket still decides. The container copies the endpoint configuration per
 * handshake, so the verdict is left in the new session's user properties, and {@link ConsoleProxy}
 * closes a refused session with 1008 before it redeems anything.
 */
public final class OriginCheck extends ServerEndpointConfig.Configurator {

    static final String REFUSED = "ovm.console.origin-refused";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = request.getHeaders();
        String origin = header(headers, "Origin");
        String host = header(headers, "Host");
        if (!allowed(origin, host)) {
            config.getUserProperties().put(REFUSED, origin);
        } else {
            config.getUserProperties().remove(REFUSED);
        }
    }

    /** True when {@code origin} is absent or names the host and port in {@code host}. */
    static boolean allowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        if (defaultPort < 0 || uri.getHost() == null) {
            return false; // "null" (a sandboxed or file page), or not a web origin
        }
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        URI hostUri;
        try {
            hostUri = URI.create(scheme + "://" + host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (hostUri.getHost() == null) {
            return false;
        }
        int hostPort = hostUri.getPort() < 0 ? defaultPort : hostUri.getPort();
        return uri.getHost().equalsIgnoreCase(hostUri.getHost()) && originPort == hostPort;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}
