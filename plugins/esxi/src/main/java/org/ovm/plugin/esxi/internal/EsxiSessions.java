package org.ovm.plugin.esxi.internal;

import java.net.URI;
import java.net.URL;
import java.rmi.RemoteException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.mo.ComputeResource;
import com.vmware.vim25.mo.Datacenter;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.HostSystem;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ResourcePool;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.ws.ClientCreator;

/**
 * One logged-in session per ESXi host, kept while the host's endpoint (URL, credentials, trust
 * settings) stays the same: checked when it has been idle for a while and logged in again when
 * the host forgot it (ESXi drops idle sessions after 30 minutes; the host monitor's probes keep
 * it busy) or when a call fails with {@code NotAuthenticated}.
 */
final class EsxiSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EsxiSessions.class);

    /** Host setting: the SHA-256 fingerprint of the host's certificate to trust (pinned). */
    static final String THUMBPRINT = "thumbprint";
    /** Host setting: {@code true} to accept any certificate (explicit opt-in, shown as a warning fact). */
    static final String INSECURE = "insecure";

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;
    /** A session idle longer than this is checked before use. */
    private static final long CHECK_AFTER_MILLIS = 60_000;

    static {
        ClientCreator.clientClass = TolerantClient.class;
    }

    /** A host's session and the inventory objects every call needs. */
    static final class Session {
        final ServiceInstance si;
        final Datacenter datacenter;
        final HostSystem host;
        final ResourcePool pool;
        final Folder vmFolder;
        final String fingerprint;
        final boolean insecure;
        final URL url;
        private final String key;
        private volatile long lastUsed = System.currentTimeMillis();

        private Session(ServiceInstance si, Datacenter datacenter, HostSystem host, ResourcePool pool,
                Folder vmFolder, String fingerprint, boolean insecure, URL url, String key) {
            this.si = si;
            this.datacenter = datacenter;
            this.host = host;
            this.pool = pool;
            this.vmFolder = vmFolder;
            this.fingerprint = fingerprint;
            this.insecure = insecure;
            this.url = url;
            this.key = key;
        }

        /** A managed object of this session by type and id ({@code VirtualMachine}, {@code vm-42}). */
        ManagedObjectReference ref(String type, String value) {
            ManagedObjectReference ref = new ManagedObjectReference();
            ref.setType(type);
            ref.setVal(value);
            return ref;
        }
    }

    /** A unit of work on a host's session. */
    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws Exception;
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * Runs {@code work} on the host's session, logging in first if needed and once more if the
     * host says the session is gone.
     */
    <T> T call(HostEndpoint endpoint, String what, Work<T> work) {
        Session session = session(endpoint);
        try {
            return touch(session, work.run(session));
        } catch (Exception e) {
            if (EsxiErrors.find(e, NotAuthenticated.class) == null) {
                throw EsxiErrors.translate(what, e);
            }
            LOG.info("ESXi host {}: session expired, logging in again", endpoint.hostId());
            forget(endpoint.hostId(), session);
            Session fresh = session(endpoint);
            try {
                return touch(fresh, work.run(fresh));
            } catch (Exception again) {
                throw EsxiErrors.translate(what, again);
            }
        }
    }

    private static <T> T touch(Session session, T value) {
        session.lastUsed = System.currentTimeMillis();
        return value;
    }

    /** The host's session, logged in and checked. */
    Session session(HostEndpoint endpoint) {
        String key = key(endpoint);
        synchronized (locks.computeIfAbsent(endpoint.hostId(), id -> new Object())) {
            Session current = sessions.get(endpoint.hostId());
            if (current != null && current.key.equals(key)) {
                if (System.currentTimeMillis() - current.lastUsed < CHECK_AFTER_MILLIS || alive(current)) {
                    return current;
                }
                LOG.info("ESXi host {}: idle session expired, logging in again", endpoint.hostId());
            }
            if (current != null) {
                forget(endpoint.hostId(), current);
            }
            Session fresh = login(endpoint, key);
            sessions.put(endpoint.hostId(), fresh);
            return fresh;
        }
    }

    private static boolean alive(Session session) {
        try {
            return session.si.getSessionManager().getCurrentSession() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Session login(HostEndpoint endpoint, String key) {
        URL url = sdkUrl(endpoint.uri());
        if (endpoint.username() == null || endpoint.username().isBlank() || endpoint.password() == null) {
            throw new DriverException(ErrorCode.INVALID, "an ESXi host needs a username and a password (a local "
                    + "account of the host, such as root)");
        }
        boolean insecure = "true".equalsIgnoreCase(endpoint.settings().get(INSECURE));
        String pinned = insecure ? null : endpoint.settings().get(THUMBPRINT);
        FingerprintTrust trust = new FingerprintTrust(pinned == null || pinned.isBlank() ? null : pinned);
        ServiceInstance si;
        try {
            si = new ServiceInstance(url, endpoint.username(), endpoint.password(), trust, CONNECT_TIMEOUT_MILLIS,
                    READ_TIMEOUT_MILLIS);
        } catch (RemoteException | java.net.MalformedURLException | RuntimeException e) {
            throw EsxiErrors.translate("connecting to " + url.getHost() + ":" + port(url), e);
        }
        try {
            if (!"HostAgent".equals(si.getAboutInfo().getApiType())) {
                throw new DriverException(ErrorCode.INVALID, url + " is " + si.getAboutInfo().getFullName()
                        + ", not a standalone ESXi host: OVM manages ESXi hosts directly, add the host's own address");
            }
            Datacenter datacenter = (Datacenter) first(si.getRootFolder(), "Datacenter");
            HostSystem host = (HostSystem) first(si.getRootFolder(), "HostSystem");
            ResourcePool pool = ((ComputeResource) host.getParent()).getResourcePool();
            Folder vmFolder = datacenter.getVmFolder();
            LOG.info("ESXi host {}: logged in to {} as {}", endpoint.hostId(), url.getHost(), endpoint.username());
            return new Session(si, datacenter, host, pool, vmFolder, trust.seen(), insecure, url, key);
        } catch (Exception e) {
            LOG.debug("ESXi host {}: reading the inventory failed", endpoint.hostId(), e);
            si.getServerConnection().logout();
            throw EsxiErrors.translate("reading the host's inventory", e);
        }
    }

    private static ManagedEntity first(Folder root, String type) throws RemoteException {
        ManagedEntity[] found = new InventoryNavigator(root).searchManagedEntities(type);
        if (found == null || found.length == 0) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "the host's inventory has no " + type);
        }
        return found[0];
    }

    /** {@code https://host[:port][/sdk]} as the SOAP endpoint; anything else is refused. */
    static URL sdkUrl(String uri) {
        try {
            URI parsed = URI.create(uri.trim());
            if (!"https".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null
                    || parsed.getUserInfo() != null || parsed.getQuery() != null) {
                throw new IllegalArgumentException();
            }
            String path = parsed.getPath() == null || parsed.getPath().isEmpty() || parsed.getPath().equals("/")
                    ? "/sdk" : parsed.getPath();
            if (!path.equals("/sdk")) {
                throw new IllegalArgumentException();
            }
            return new URI("https", null, parsed.getHost(), parsed.getPort(), path, null, null).toURL();
        } catch (Exception e) {
            throw new DriverException(ErrorCode.INVALID, "an ESXi host's uri is https://host[:port]/sdk, not " + uri);
        }
    }

    private static int port(URL url) {
        return url.getPort() < 0 ? 443 : url.getPort();
    }

    private static String key(HostEndpoint e) {
        return e.uri() + "|" + e.username() + "|" + Objects.hashCode(e.password()) + "|"
                + e.settings().get(THUMBPRINT) + "|" + e.settings().get(INSECURE);
    }

    private void forget(String hostId, Session session) {
        sessions.remove(hostId, session);
        try {
            session.si.getServerConnection().logout();
        } catch (RuntimeException e) {
            LOG.debug("ESXi host {}: logout failed", hostId, e);
        }
    }

    void release(String hostId) {
        Session session = sessions.remove(hostId);
        if (session != null) {
            forget(hostId, session);
        }
    }

    @Override
    public void close() {
        sessions.keySet().forEach(this::release);
    }
}
