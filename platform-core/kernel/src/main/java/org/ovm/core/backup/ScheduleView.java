package org.ovm.core.backup;

/** An instance's backup schedule; {@code nextRunAt} and {@code lastRunAt} are ISO-8601 instants (or null). */
public record ScheduleView(String instanceId, String poolId, String poolName, String kind, String at,
        String dayOfWeek, int keep, String nextRunAt, String lastRunAt) {
}
