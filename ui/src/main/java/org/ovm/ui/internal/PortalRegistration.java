package org.ovm.ui.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.http.HttpService;
import org.osgi.service.http.NamespaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the portal at {@code /} and its event stream at {@code /stream/events} with the HTTP
 * service (the API stays at {@code /api}).
 */
public final class PortalRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(PortalRegistration.class);
    static final String ALIAS = "/";
    static final String STREAM = "/stream/events";

    private final HttpService http;
    private final Bundle bundle;
    private final org.ovm.core.AuthService auth;
    private final EventStream events;

    public PortalRegistration(HttpService http, Bundle bundle, org.ovm.core.AuthService auth, EventStream events) {
        this.http = http;
        this.bundle = bundle;
        this.auth = auth;
        this.events = events;
    }

    public void start() throws Exception {
        try {
            http.registerServlet(ALIAS, new PortalServlet(path -> bundle.getEntry("ui/" + path)), null, null);
            http.registerServlet(STREAM, new EventStreamServlet(auth, events), null, null);
            LOG.info("OVM portal served at {}", ALIAS);
        } catch (NamespaceException e) {
            throw new IllegalStateException("another bundle serves " + ALIAS + "; the portal cannot start", e);
        }
    }

    public void stop() {
        for (String alias : new String[] {STREAM, ALIAS}) {
            try {
                http.unregister(alias);
            } catch (IllegalArgumentException e) {
                // already gone with the HTTP service
            }
        }
    }
}
