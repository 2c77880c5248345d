package org.ovm.ui.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.http.HttpService;
import org.osgi.service.http.NamespaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the portal at {@code /} with the HTTP service. Everything the portal calls lives in
 * the REST bundle: the API at {@code /api/v1} and the event stream at {@code /stream/events}.
 */
public final class PortalRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(PortalRegistration.class);
    static final String ALIAS = "/";

    private final HttpService http;
    private final Bundle bundle;

    public PortalRegistration(HttpService http, Bundle bundle) {
        this.http = http;
        this.bundle = bundle;
    }

    public void start() throws Exception {
        try {
            http.registerServlet(ALIAS, new PortalServlet(path -> bundle.getEntry("ui/" + path)), null, null);
        } catch (NamespaceException e) {
            throw new IllegalStateException("another bundle serves " + ALIAS + "; the portal cannot start", e);
        }
        LOG.info("OVM portal served at {}", ALIAS);
    }

    public void stop() {
        try {
            http.unregister(ALIAS);
        } catch (IllegalArgumentException e) {
            // already gone with the HTTP service
        }
    }
}
