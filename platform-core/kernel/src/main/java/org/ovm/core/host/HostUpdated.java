package org.ovm.core.host;

import org.ovm.core.task.TaskView;

/**
 * The outcome of a host change: the host as it is now, and the task that reconnects it when the
 * change touched its endpoint or credentials ({@code null} otherwise).
 */
public record HostUpdated(HostView host, TaskView reconnect) {
}
