package org.ovm.core.internal;

import java.util.List;
import java.util.function.BooleanSupplier;

import org.ovm.core.HealthService;
import org.ovm.core.HealthView;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.PluginManagerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code /health}: UP when the inventory answers and Karaf has finished its boot features; STARTING
 * (a 503) before that, because until then the plugin catalogue may still lack the distribution's plugins
 * (a client that installs a plugin right after health said UP got a 404).
 */
public final class HealthServiceImpl implements HealthService {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServiceImpl.class);

    private final Tx tx;
    private final PluginManagerImpl plugins;
    private final String version;
    private final BooleanSupplier booted;

    /**
     * @param booted whether the container has finished installing its boot features (Karaf registers its
     *               {@code BootFinished} service then)
     */
    public HealthServiceImpl(Tx tx, PluginManagerImpl plugins, String version, BooleanSupplier booted) {
        this.tx = tx;
        this.plugins = plugins;
        this.version = version;
        this.booted = booted;
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
        String status = !"UP".equals(database) ? "DOWN" : booted.getAsBoolean() ? "UP" : "STARTING";
        return new HealthView(status, version, installed, database);
    }
}
