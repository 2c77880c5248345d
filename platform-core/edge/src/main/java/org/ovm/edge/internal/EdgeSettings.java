package org.ovm.edge.internal;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.cm.ManagedService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's settings, PID {@code org.ovm.edge} ({@code etc/org.ovm.edge.cfg}); a key left
 * out takes the system property {@code ovm.edge.<key>}, else its default. Changes apply to the
 * next request.
 */
public final class EdgeSettings implements ManagedService {

    static final String PID = "org.ovm.edge";
    static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;
    static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    static final long DEFAULT_MAX_BODY_SECONDS = 10;
    /**
     * The machine itself: the engine's own tools, and a reverse proxy in front of the engine,
     * which speaks for all of its clients and limits them itself.
     */
    static final Set<String> DEFAULT_UNLIMITED_CLIENTS = Set.of("127.0.0.1", "0:0:0:0:0:0:0:1");

    private static final Logger LOG = LoggerFactory.getLogger(EdgeSettings.class);

    private volatile int maxConnectionsPerClient = DEFAULT_MAX_CONNECTIONS_PER_CLIENT;
    private volatile long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private volatile long maxBodySeconds = DEFAULT_MAX_BODY_SECONDS;
    private volatile Set<String> unlimitedClients = DEFAULT_UNLIMITED_CLIENTS;

    public EdgeSettings() {
        updated(null);
    }

    /** Connections one client address may have open at once (counted from their first request). */
    int maxConnectionsPerClient() {
        return maxConnectionsPerClient;
    }

    /** Client addresses whose connections are not limited. */
    boolean unlimited(String client) {
        return unlimitedClients.contains(client);
    }

    /** Largest API request body other than an upload (octet-stream or tar). */
    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Seconds an API request body other than an upload may take to arrive after the headers. */
    long maxBodySeconds() {
        return maxBodySeconds;
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        maxConnectionsPerClient = (int) read(properties, "maxConnectionsPerClient", DEFAULT_MAX_CONNECTIONS_PER_CLIENT, 1,
                100_000);
        maxBodyBytes = read(properties, "maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1024, Integer.MAX_VALUE);
        maxBodySeconds = read(properties, "maxBodySeconds", DEFAULT_MAX_BODY_SECONDS, 1, 3600);
        Object unlimited = properties == null ? null : properties.get("unlimitedClients");
        if (unlimited == null) {
            unlimited = System.getProperty("ovm.edge.unlimitedClients");
        }
        unlimitedClients = unlimited == null ? DEFAULT_UNLIMITED_CLIENTS
                : Arrays.stream(unlimited.toString().split("[,\\s]+")).filter(a -> !a.isEmpty())
                        .map(EdgeSettings::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /** An address as Jetty reports a client's ({@code ::1} as {@code 0:0:0:0:0:0:0:1}). */
    static String canonical(String address) {
        return address.equals("::1") ? "0:0:0:0:0:0:0:1" : address;
    }

    private static long read(Dictionary<String, ?> properties, String key, long fallback, long min, long max) {
        Object value = properties == null ? null : properties.get(key);
        if (value == null) {
            value = System.getProperty("ovm.edge." + key);
        }
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.toString().trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}: {} = '{}' is not a whole number from {} to {}; using {}", PID, key, value, min, max, fallback);
        return fallback;
    }
}
