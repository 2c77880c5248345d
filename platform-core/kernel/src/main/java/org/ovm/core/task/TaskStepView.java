package org.ovm.core.task;

/** One step of a task. */
public record TaskStepView(int index, String name, String state, String error) {
}
