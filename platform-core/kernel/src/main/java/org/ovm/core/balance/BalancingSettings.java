package org.ovm.core.balance;

import org.ovm.core.OvmException;

/**
 * A cluster's balancing policy. In a request every field may be omitted (a new cluster takes the defaults, an update
 * keeps the current values); a view has them all.
 *
 * @param policy        {@code NONE} (default), {@code LOAD_BALANCING} (spread instances off hosts above
 *                      {@code highPercent}) or {@code POWER_SAVING} (empty hosts below {@code lowPercent} onto the
 *                      others and mark them as candidates to power off)
 * @param highPercent   a host above this CPU or memory load (percent) is overloaded; no move makes a host cross it
 *                      (default 80, at most 100)
 * @param lowPercent    a host below this CPU and memory load is lightly loaded (default 20, more than 0 and below
 *                      {@code highPercent})
 * @param windowMinutes how far back the CPU load is averaged (default 5, 1 to 60)
 * @param maxMigrations how many migrations a run has going at once (default 2, 1 to 10)
 */
public record BalancingSettings(String policy, Integer highPercent, Integer lowPercent, Integer windowMinutes,
        Integer maxMigrations) {

    public static final String NONE = "NONE";
    public static final String LOAD_BALANCING = "LOAD_BALANCING";
    public static final String POWER_SAVING = "POWER_SAVING";

    public static final BalancingSettings DEFAULT = new BalancingSettings(NONE, 80, 20, 5, 2);

    /**
     * These settings over {@code base} (omitted fields keep the base's value), checked; 400 naming the field
     * ({@code balancing.highPercent}, ...) otherwise.
     */
    public BalancingSettings over(BalancingSettings base) {
        String p = policy == null ? base.policy() : policy.trim().toUpperCase(java.util.Locale.ROOT);
        if (!NONE.equals(p) && !LOAD_BALANCING.equals(p) && !POWER_SAVING.equals(p)) {
            throw OvmException.invalid("balancing.policy", "balancing.policy must be NONE, LOAD_BALANCING or "
                    + "POWER_SAVING, got " + policy);
        }
        int high = highPercent == null ? base.highPercent() : highPercent;
        int low = lowPercent == null ? base.lowPercent() : lowPercent;
        int window = windowMinutes == null ? base.windowMinutes() : windowMinutes;
        int max = maxMigrations == null ? base.maxMigrations() : maxMigrations;
        if (high < 1 || high > 100) {
            throw OvmException.invalid("balancing.highPercent", "balancing.highPercent must be 1 to 100, got " + high);
        }
        if (low < 1 || low >= high) {
            throw OvmException.invalid("balancing.lowPercent", "balancing.lowPercent must be more than 0 and below "
                    + "highPercent (" + high + "), got " + low);
        }
        if (window < 1 || window > 60) {
            throw OvmException.invalid("balancing.windowMinutes", "balancing.windowMinutes must be 1 to 60, got "
                    + window);
        }
        if (max < 1 || max > 10) {
            throw OvmException.invalid("balancing.maxMigrations", "balancing.maxMigrations must be 1 to 10, got "
                    + max);
        }
        return new BalancingSettings(p, high, low, window, max);
    }

    /** Whether a balancer runs for the cluster. */
    public boolean active() {
        return policy != null && !NONE.equals(policy);
    }

    /** A short description for events. */
    public String describe() {
        return "balancing " + policy + " (high " + highPercent + "%, low " + lowPercent + "%, window "
                + windowMinutes + " min, at most " + maxMigrations + " migrations at once)";
    }
}
