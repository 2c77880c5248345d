package org.ovm.lib.libvirt;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.libvirt.Connect;
import org.libvirt.ConnectAuth;
import org.libvirt.LibvirtException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libvirt connection per host, opened on first use, checked before each use and reopened
 * when it died (libvirtd restarted, network cut) or when the host's URI or credentials changed.
 */
public final class LibvirtConnections {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnections.class);

    private record Entry(String uri, String username, String password, Connect connect) {
    }

    /** Longest pause between two connection attempts to a host that refuses them. */
    static final long MAX_BACKOFF_MILLIS = 8_000;

    private final Map<String, Entry> byHost = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

    /** Failed connection attempts to a host: no new attempt before {@code nextAttempt}. */
    private record Backoff(int failures, long nextAttempt, String reason) {
    }

    /** A live connection to the host; opens or reopens one as needed. Blocking. */
    public Connect get(HostEndpoint host) {
        return byHost.compute(host.hostId(), (id, entry) -> {
            if (entry != null && sameTarget(entry, host) && alive(entry.connect())) {
                return entry;
            }
            if (entry != null) {
                closeQuietly(entry.connect());
            }
            return new Entry(host.uri(), host.username(), host.password(), openWithBackoff(host));
        }).connect();
    }

    /**
     * Opens a connection, unless the host refused the last attempts: then fails at once until
     * the backoff (doubling from 0.5 s up to 8 s) has passed, so a dead host is not hammered.
     */
    private Connect openWithBackoff(HostEndpoint host) {
        Backoff backoff = backoffs.get(host.hostId());
        long now = System.currentTimeMillis();
        if (backoff != null && now < backoff.nextAttempt()) {
            throw new DriverException(ErrorCode.UNREACHABLE, "libvirt at " + host.uri() + " is unreachable ("
                    + backoff.reason() + "); next connection attempt in " + (backoff.nextAttempt() - now) + " ms",
                    true, null);
        }
        try {
            Connect connect = open(host);
            backoffs.remove(host.hostId());
            return connect;
        } catch (DriverException e) {
            if (e.code() == ErrorCode.UNREACHABLE) {
                int failures = backoff == null ? 1 : backoff.failures() + 1;
                long delay = Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(failures - 1, 5));
                String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                        : e.getMessage();
                backoffs.put(host.hostId(), new Backoff(failures, now + delay, reason));
            }
            throw e;
        }
    }

    /** A call on a host's connection. */
    @FunctionalInterface
    public interface Call<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    /**
     * Runs a call on the host's connection. A cached connection can look alive after libvirtd
     * restarted (the break shows only at the next request): if the call finds the host
     * unreachable, it is retried once on a fresh connection. Failures are translated to
     * {@link DriverException}s naming {@code what}.
     */
    public <T> T call(HostEndpoint host, String what, Call<T> work) {
        return call(host, what, work, true);
    }

    /**
     * Like {@link #call(HostEndpoint, String, Call)}; with {@code retry} false a dropped connection
     * is reported at once (for calls that must not run twice: defining, creating, uploading).
     */
    public <T> T call(HostEndpoint host, String what, Call<T> work, boolean retry) {
        for (int attempt = retry ? 1 : 2;; attempt++) {
            try {
                return work.apply(get(host));
            } catch (LibvirtException e) {
                DriverException error = LibvirtErrors.translate(what, host.uri(), e);
                if (error.code() != ErrorCode.UNREACHABLE) {
                    throw error;
                }
                invalidate(host.hostId());
                if (attempt == 2) {
                    throw error;
                }
                LOG.info("libvirt at {} dropped the connection ({}); reconnecting", host.uri(), e.getMessage());
            }
        }
    }

    /** Forgets a connection that failed mid-call, so the next call reconnects. */
    public void invalidate(String hostId) {
        Entry entry = byHost.remove(hostId);
        if (entry != null) {
            closeQuietly(entry.connect());
        }
    }

    public void closeAll() {
        byHost.keySet().forEach(this::invalidate);
    }

    /**
     * A connection of its own to the host, not cached and not shared, for long-lived work that
     * must not disturb the shared one (a console stream). Blocking; the caller closes it.
     */
    public static Connect openUnshared(HostEndpoint host) {
        return open(host);
    }

    private static Connect open(HostEndpoint host) {
        try {
            ConnectAuth auth = host.username() == null && host.password() == null ? null
                    : new CredentialsAuth(host.username(), host.password());
            LOG.info("Connecting to libvirt at {}", host.uri());
            return auth == null ? new Connect(host.uri(), false) : new Connect(host.uri(), auth, 0);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate("connect", host.uri(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "the libvirt client library is missing on the OVM "
                    + "engine's machine: install it (Debian: apt-get install libvirt0)", false, e);
        }
    }

    private static boolean sameTarget(Entry entry, HostEndpoint host) {
        return entry.uri().equals(host.uri()) && Objects.equals(entry.username(), host.username())
                && Objects.equals(entry.password(), host.password());
    }

    private static boolean alive(Connect connect) {
        try {
            return connect.isConnected() && connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static void closeQuietly(Connect connect) {
        try {
            connect.close();
        } catch (LibvirtException e) {
            LOG.debug("closing a libvirt connection failed", e);
        }
    }

    /** Answers libvirt's credential prompts with the host's user name and password. */
    private static final class CredentialsAuth extends ConnectAuth {

        private final String username;
        private final String password;

        CredentialsAuth(String username, String password) {
            this.username = username;
            this.password = password;
            this.credType = new CredentialType[] {CredentialType.VIR_CRED_AUTHNAME, CredentialType.VIR_CRED_USERNAME,
                CredentialType.VIR_CRED_PASSPHRASE, CredentialType.VIR_CRED_NOECHOPROMPT};
        }

        @Override
        public int callback(Credential[] credentials) {
            for (Credential credential : credentials) {
                switch (credential.type) {
                    case VIR_CRED_AUTHNAME, VIR_CRED_USERNAME -> credential.result = username;
                    case VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT -> credential.result = password;
                    default -> {
                        return -1;
                    }
                }
            }
            return 0;
        }
    }
}
