package org.ovm.plugin.docker.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * One docker-java client pair per host, built from the endpoint and dropped when it changes.
 * Endpoints: {@code unix:///path/docker.sock}; {@code tcp://host:2376} with the host secrets
 * {@code tlsCa}, {@code tlsCert}, {@code tlsKey} (PEM); plain {@code tcp://} only with the setting
 * {@code allowInsecure=true}. The engine API version is pinned to {@value #API_VERSION}.
 */
final class Engines implements AutoCloseable {

    /** The newest engine API Debian 12's engine speaks; newer engines negotiate down to it. */
    static final String API_VERSION = "1.41";
    static final String TLS_CA = "tlsCa";
    static final String TLS_CERT = "tlsCert";
    static final String TLS_KEY = "tlsKey";
    static final String ALLOW_INSECURE = "allowInsecure";

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A host's clients: {@code api} for calls that answer at once (with a response timeout),
     * {@code streams} for pulls, logs, exec and graceful stops (no response timeout).
     */
    record Engine(String key, URI uri, boolean insecure, SSLContext tls, DockerClient api, DockerClient streams,
            DockerHttpClient http) implements AutoCloseable {

        /** A failure of a call to this engine in the SPI's terms; a dropped TLS connection is diagnosed. */
        DriverException failure(String what, RuntimeException e) {
            DriverException translated = DockerErrors.translate(what, e);
            if (tls != null && translated.code() == ErrorCode.UNREACHABLE) {
                DriverException diagnosed = TlsDiagnosis.diagnose(uri, tls);
                if (diagnosed != null) {
                    return new DriverException(diagnosed.code(), what + ": " + diagnosed.getMessage(), false, e);
                }
            }
            return translated;
        }

        @Override
        public void close() {
            closeQuietly(api);
            closeQuietly(streams);
        }
    }

    private final Map<String, Engine> engines = new ConcurrentHashMap<>();

    /** The clients of a host, built on first use and rebuilt when its endpoint changed. */
    Engine of(HostEndpoint host) {
        String key = key(host);
        Engine current = engines.get(host.hostId());
        if (current != null && current.key().equals(key)) {
            return current;
        }
        Engine fresh = build(host, key);
        Engine previous = engines.put(host.hostId(), fresh);
        if (previous != null) {
            previous.close();
        }
        return fresh;
    }

    void release(String hostId) {
        Engine engine = engines.remove(hostId);
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    public void close() {
        engines.keySet().forEach(this::release);
    }

    private static Engine build(HostEndpoint host, String key) {
        URI uri = parse(host.uri());
        Map<String, String> s = host.settings();
        SSLContext ssl = null;
        boolean insecure = false;
        switch (uri.getScheme()) {
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw invalid("uri '" + host.uri() + "' names no socket: use unix:///var/run/docker.sock");
                }
            }
            case "tcp" -> {
                if (uri.getHost() == null || uri.getPort() < 1) {
                    throw invalid("uri '" + host.uri() + "' needs a host and a port: tcp://engine.example:2376");
                }
                boolean hasTls = s.get(TLS_CA) != null || s.get(TLS_CERT) != null || s.get(TLS_KEY) != null;
                if (hasTls) {
                    if (s.get(TLS_CA) == null || s.get(TLS_CERT) == null || s.get(TLS_KEY) == null) {
                        throw invalid("TLS needs all three secrets tlsCa, tlsCert and tlsKey (PEM)");
                    }
                    ssl = PemTls.context(s.get(TLS_CA), s.get(TLS_CERT), s.get(TLS_KEY));
                } else if ("true".equalsIgnoreCase(s.get(ALLOW_INSECURE))) {
                    insecure = true;
                } else {
                    throw invalid("tcp:// engines need TLS client certificates (secrets tlsCa, tlsCert, tlsKey); "
                            + "for an unencrypted, unauthenticated engine set the setting allowInsecure=true");
                }
            }
            default -> throw invalid("uri scheme '" + uri.getScheme()
                    + "' is not an engine endpoint: use unix:///path/docker.sock or tcp://host:2376");
        }
        SSLContext context = ssl;
        URI transport = uri;
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(host.uri())
                .withApiVersion(API_VERSION).withDockerTlsVerify(false).build();
        DockerHttpClient api = http(transport, context, RESPONSE_TIMEOUT);
        DockerHttpClient streams = http(transport, context, null);
        LOG.debug("engine client for host {} at {}", host.hostId(), uri);
        return new Engine(key, uri, insecure, context, DockerClientImpl.getInstance(config, api),
                DockerClientImpl.getInstance(config, streams), streams);
    }

    private static DockerHttpClient http(URI uri, SSLContext ssl, Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder b = new ZerodepDockerHttpClient.Builder().dockerHost(uri).maxConnections(64)
                .connectionTimeout(CONNECT_TIMEOUT);
        if (ssl != null) {
            b.sslConfig(() -> ssl);
        }
        if (responseTimeout != null) {
            b.responseTimeout(responseTimeout);
        }
        return b.build();
    }

    private static URI parse(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null) {
                throw invalid("uri '" + uri + "' has no scheme: use unix:///path/docker.sock or tcp://host:2376");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw invalid("uri '" + uri + "' is not a URI: " + e.getReason());
        }
    }

    /** What the clients are built from; the secrets enter only as a hash. */
    private static String key(HostEndpoint host) {
        Map<String, String> s = host.settings();
        return host.uri() + "|" + Objects.hash(s.get(TLS_CA), s.get(TLS_CERT), s.get(TLS_KEY)) + "|"
                + s.get(ALLOW_INSECURE);
    }

    private static DriverException invalid(String message) {
        return new DriverException(ErrorCode.INVALID, message);
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing an engine client failed", e);
        }
    }
}
