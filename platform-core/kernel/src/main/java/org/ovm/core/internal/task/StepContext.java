package org.ovm.core.internal.task;

import java.util.Map;

import org.ovm.core.OvmException;
import org.ovm.spi.common.OperationContext;

/**
 * What a step sees: the task's parameters, the outputs of earlier steps and the operation
 * context to pass to drivers.
 *
 * @param taskId     the task
 * @param resourceId the resource the task works on
 * @param caller     user name that started the task
 * @param params     request parameters, as persisted
 * @param outputs    outputs of steps done so far (mutable view owned by the engine)
 * @param operation  context for driver calls
 * @param recovering true while the engine recovers the task after a restart
 */
public record StepContext(String taskId, String resourceId, String caller, Map<String, String> params,
        Map<String, String> outputs, OperationContext operation, boolean recovering) {

    public String param(String key) {
        return params.get(key);
    }

    public String requireParam(String key) {
        String value = params.get(key);
        if (value == null) {
            throw new OvmException(org.ovm.core.OvmError.INTERNAL, "task " + taskId + " lacks parameter " + key);
        }
        return value;
    }

    public String output(String key) {
        return outputs.get(key);
    }
}
