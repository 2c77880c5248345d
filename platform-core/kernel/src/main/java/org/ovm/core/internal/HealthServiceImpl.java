package org.ovm.core.internal;

import java.util.List;

import org.ovm.core.HealthService;
import org.ovm.core.HealthView;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.PluginManagerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers {@code /health}: UP when the inventory answers. */
public final class HealthServiceImpl implements HealthService {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServiceImpl.class);

    private final Tx tx;
    private final PluginManagerImpl plugins;
    private final String version;

    public HealthServiceImpl(Tx tx, PluginManagerImpl plugins, String version) {
        this.tx = tx;
        this.plugins = plugins;
        this.version = version;
    }

    @Override
    public HealthView health() {
        String database;
        try {
            tx.call(em -> em.createQuery("SELECT COUNT(z) FROM ZoneEntity z", Long.class).getSingleResult());
            database = "UP";
        } catch (RuntimeException e) {
            LOG.warn("Health check: inventory does not answer", e);
            database = "DOWN";
        }
        List<String> installed = List.copyOf(plugins.installedPlugins());
        return new HealthView("UP".equals(database) ? "UP" : "DOWN", version, installed, database);
    }
}
