package org.ovm.core;

/** One step of a task. */
public record TaskStepView(int index, String name, String state, String error) {
}
