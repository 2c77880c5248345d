package org.ovm.core.plugin;

/**
 * One OVM service a plugin registered.
 *
 * @param area   {@code hypervisor}, {@code storage}, {@code network}, {@code scheduler} or {@code engine}
 * @param key    the service's type or name property
 * @param bundle the registering bundle's symbolic name and version
 */
public record PluginServiceView(String area, String key, String bundle) {
}
