package org.ovm.core.plugin;

import java.util.List;

/**
 * A plugin: a Karaf feature named {@code ovm-plugin-*}, and the OVM services its bundles
 * currently provide.
 */
public record PluginView(String id, String version, boolean installed, String description,
        List<PluginServiceView> services) {
}
