package org.ovm.core.task.internal;

/**
 * The parameters of one task operation: a record each operation defines next to its steps,
 * given to {@link TaskEngine#create} and read back with {@link StepContext#params}. It is stored
 * as the JSON string map of its components (the format tasks always had), so a task written by
 * an older engine resumes into the same record.
 */
public interface TaskParams {

    /** For operations that take no parameters. */
    TaskParams NONE = new None();

    /** No parameters. */
    record None() implements TaskParams {
    }
}
