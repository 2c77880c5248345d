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
 * @param monitorPeriod      between host probes ({@code monitor.period}, seconds, default 5; two misses in a row make a host DOWN)
 * @param storageProbePeriod between storage pool probes ({@code storage.probe.seconds}, default 15)
 * @param backupSchedulerPeriod between rounds that start due backup schedules
 *                           ({@code backup.scheduler.seconds}, default 30)
 * @param snapshotLimit      how many snapshots one instance may have ({@code snapshot.limit}, default 32)
 * @param login              password-guessing limits ({@code login.*}, see {@link LoginLimits})
 * @param passwordMinLength  the shortest password accepted ({@code password.minLength}, default 8,
 *                           at most 256)
 * @param balancePeriod      between balancing runs of the clusters with a balancing policy
 *                           ({@code balance.period}, seconds, default 60)
 */
public record KernelConfig(Duration taskTimeout, Duration compensationRetry, Duration syncPeriod,
        Duration monitorPeriod, Duration storageProbePeriod, Duration backupSchedulerPeriod, int snapshotLimit, LoginLimits login, int passwordMinLength,
        Duration balancePeriod) {

    /**
     * How failed logins are throttled.
     *
     * @param freeFailures       failures an account may have before it must wait
     *                           ({@code login.freeFailures}, default 5)
     * @param lockFailures       the failure that locks the account ({@code login.lockFailures}, default 20)
     * @param lockMinutes        how long a locked account stays locked unless an admin unlocks it
     *                           ({@code login.lockMinutes}, default 15)
     * @param freeSourceFailures failures one client address may have, across accounts, before it
     *                           must wait ({@code login.freeSourceFailures}, default 20)
     */
    public record LoginLimits(int freeFailures, int lockFailures, long lockMinutes, int freeSourceFailures) {

        public static final LoginLimits DEFAULT = new LoginLimits(5, 20, 15, 20);
    }

    public static final String PID = "org.ovm.core";

    private static final Logger LOG = LoggerFactory.getLogger(KernelConfig.class);
    private static final Map<String, Long> DEFAULTS = Map.ofEntries(Map.entry("task.timeout", 600L),
            Map.entry("compensation.retry", 300L), Map.entry("sync.period", 15L), Map.entry("monitor.period", 5L),
            Map.entry("storage.probe.seconds", 15L), Map.entry("backup.scheduler.seconds", 30L),
            Map.entry("snapshot.limit", 32L), Map.entry("login.freeFailures", 5L), Map.entry("login.lockFailures", 20L),
            Map.entry("login.lockMinutes", 15L), Map.entry("login.freeSourceFailures", 20L),
            Map.entry("password.minLength", 8L), Map.entry("balance.period", 60L));

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
        int free = count(lookup, "login.freeFailures");
        int lock = count(lookup, "login.lockFailures");
        if (lock <= free) {
            LOG.warn("{} login.lockFailures = {} must exceed login.freeFailures = {}; using {}", PID, lock, free,
                    free + 15);
            lock = free + 15;
        }
        int minLength = count(lookup, "password.minLength");
        if (minLength > 256) {
            LOG.warn("{} password.minLength = {} exceeds the longest password (256); using 8", PID, minLength);
            minLength = 8;
        }
        return new KernelConfig(seconds(lookup, "task.timeout"), seconds(lookup, "compensation.retry"),
                seconds(lookup, "sync.period"), seconds(lookup, "monitor.period"),
                seconds(lookup, "storage.probe.seconds"), seconds(lookup, "backup.scheduler.seconds"), count(lookup, "snapshot.limit"),
                new LoginLimits(free, lock, positive(lookup, "login.lockMinutes", "a positive number of minutes"),
                        count(lookup, "login.freeSourceFailures")),
                minLength, seconds(lookup, "balance.period"));
    }

    private static int count(Function<String, Object> lookup, String key) {
        return (int) Math.min(Integer.MAX_VALUE, positive(lookup, key, "a positive number"));
    }

    private static Duration seconds(Function<String, Object> lookup, String key) {
        return Duration.ofSeconds(positive(lookup, key, "a positive number of seconds"));
    }

    private static long positive(Function<String, Object> lookup, String key, String what) {
        Object value = lookup.apply(key);
        if (value == null) {
            value = System.getProperty("ovm." + key);
        }
        if (value == null) {
            return DEFAULTS.get(key);
        }
        try {
            long number = Long.parseLong(value.toString().trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{} {} = '{}' is not {}; using {}", PID, key, value, what, DEFAULTS.get(key));
        return DEFAULTS.get(key);
    }
}
