package org.ovm.core.internal.ops;

import java.util.List;

import org.ovm.core.internal.task.Operation;
import org.ovm.core.internal.task.Step;

/** An operation given by its name, steps and recovery mode. */
record SimpleOperation(String name, List<Step> steps, Operation.Recovery recovery) implements Operation {
}
