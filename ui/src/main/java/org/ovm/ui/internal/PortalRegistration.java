package org.ovm.ui.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.HttpService;
import org.osgi.service.http.NamespaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the portal at {@code /} with the HTTP service and its event stream at
 * {@code /stream/events} through the HTTP whiteboard (the API stays at {@code /api}).
 */
public final class PortalRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(PortalRegistration.class);
    static final String ALIAS = "/";
    static final String STREAM = "/stream/events";

    private final HttpService http;
    private final Bundle bundle;
    private final org.ovm.core.AuthService auth;
    private final StreamWriter writer;
    private ServiceRegistration<Servlet> stream;

    public PortalRegistration(HttpService http, Bundle bundle, org.ovm.core.AuthService auth, EventStream events) {
        this.http = http;
        this.bundle = bundle;
        this.auth = auth;
        this.writer = new StreamWriter(events);
    }

    public void start() throws Exception {
        try {
            http.registerServlet(ALIAS, new PortalServlet(path -> bundle.getEntry("ui/" + path)), null, null);
        } catch (NamespaceException e) {
            throw new IllegalStateException("another bundle serves " + ALIAS + "; the portal cannot start", e);
        }
        // the whiteboard, not the HTTP service, because only it can mark a servlet async-supported
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", STREAM);
        properties.put("osgi.http.whiteboard.servlet.name", "ovm-event-stream");
        properties.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        stream = bundle.getBundleContext().registerService(Servlet.class, new EventStreamServlet(auth, writer),
                properties);
        LOG.info("OVM portal served at {}, its event stream at {}", ALIAS, STREAM);
    }

    public void stop() {
        if (stream != null) {
            try {
                stream.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        writer.close();
        try {
            http.unregister(ALIAS);
        } catch (IllegalArgumentException e) {
            // already gone with the HTTP service
        }
    }
}
