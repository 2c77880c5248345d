package org.ovm.core.task.internal;

import java.util.List;


/** An operation given by its name, steps and recovery mode. */
public record SimpleOperation(String name, List<Step> steps, Operation.Recovery recovery) implements Operation {
}
