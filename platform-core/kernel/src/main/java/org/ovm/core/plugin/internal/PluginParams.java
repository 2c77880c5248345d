package org.ovm.core.plugin.internal;

import org.ovm.core.task.internal.TaskParams;

/** The parameters of the plugin operations: the feature, and for an upgrade the version to go to. */
public record PluginParams(String feature, String version) implements TaskParams {
}
