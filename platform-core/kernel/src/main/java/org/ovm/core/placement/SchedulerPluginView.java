package org.ovm.core.placement;

/**
 * A filter or scorer placement policies can name.
 *
 * @param name      its {@code scheduler.plugin.name}
 * @param kind      {@code filter} or {@code scorer}
 * @param source    {@code kernel} or {@code plugin}
 * @param mandatory a filter every policy applies anyway
 */
public record SchedulerPluginView(String name, String kind, String source, boolean mandatory) {
}
