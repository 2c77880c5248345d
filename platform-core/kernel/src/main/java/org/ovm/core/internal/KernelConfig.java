package org.ovm.core.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's tunables, from the ConfigAdmin PID {@value #PID} ({@code etc/org.ovm.core.cfg}),
 * read once at start. A key missing there falls back to the system property {@code ovm.<key>}
 * (what the system tests pass), then to the default in code.
 *
 * @param taskTimeout        how long a task may run ({@code task.timeout}, seconds, default 600)
 * @param compensationRetry  how long a compensation retries while its backend is unreachable
 *                           ({@code compensation.retry}, seconds, default 300)
 * @param syncPeriod         between inventory sync rounds ({@code sync.period}, seconds, default 15)
 * @param monitorPeriod      between host probes ({@code monitor.period}, seconds, default 10)
 */
public record KernelConfig(Duration taskTimeout, Duration compensationRetry, Duration syncPeriod,
        Duration monitorPeriod) {

    public static final String PID = "org.ovm.core";

    private static final Logger LOG = LoggerFactory.getLogger(KernelConfig.class);
    private static final Map<String, Long> DEFAULTS = Map.of("task.timeout", 600L, "compensation.retry", 300L,
            "sync.period", 15L, "monitor.period", 10L);

    /** The configuration from ConfigAdmin (may be null: defaults and system properties only). */
    public static KernelConfig read(ConfigurationAdmin admin) {
        Dictionary<String, Object> properties = null;
        if (admin != null) {
            try {
                Configuration[] found = admin.listConfigurations("(service.pid=" + PID + ")");
                properties = found == null || found.length == 0 ? null : found[0].getProperties();
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("Cannot read configuration {}; using defaults", PID, e);
            }
        }
        Dictionary<String, Object> config = properties;
        return of(key -> config == null ? null : config.get(key));
    }

    /** The configuration given by a lookup of the PID's keys (null: not set). */
    static KernelConfig of(Function<String, Object> lookup) {
        return new KernelConfig(seconds(lookup, "task.timeout"), seconds(lookup, "compensation.retry"),
                seconds(lookup, "sync.period"), seconds(lookup, "monitor.period"));
    }

    private static Duration seconds(Function<String, Object> lookup, String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            value = System.getProperty("ovm." + key);
        }
        if (value == null) {
            return Duration.ofSeconds(DEFAULTS.get(key));
        }
        try {
            long seconds = Long.parseLong(value.toString().trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{} {} = '{}' is not a positive number of seconds; using {}", PID, key, value, DEFAULTS.get(key));
        return Duration.ofSeconds(DEFAULTS.get(key));
    }
}
