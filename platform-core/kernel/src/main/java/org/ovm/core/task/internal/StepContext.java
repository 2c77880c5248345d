package org.ovm.core.task.internal;

import java.util.Map;

import org.ovm.core.internal.support.Json;
import org.ovm.spi.common.OperationContext;

/**
 * What a step sees: the task's parameters, the outputs of earlier steps and the operation
 * context to pass to drivers.
 *
 * @param taskId     the task
 * @param resourceId the resource the task works on
 * @param caller     user name that started the task
 * @param params     request parameters, as persisted (read them as the operation's record with {@link #params})
 * @param outputs    outputs of steps done so far (mutable view owned by the engine)
 * @param operation  context for driver calls
 * @param recovering true while the engine recovers the task after a restart
 * @param progress   where a long step reports how far it got (shown on the task)
 * @param source     where the task's caller called from (see {@link org.ovm.core.Caller#source()}), or null
 */
public record StepContext(String taskId, String resourceId, String caller, Map<String, String> params,
        Map<String, String> outputs, OperationContext operation, boolean recovering, Progress progress,
        String source) {

    /** How far a step got: 0..100 and what it is doing, shown as the task's progress. */
    @FunctionalInterface
    public interface Progress {
        void report(int percent, String message);
    }

    /** A context without a caller's source. */
    public StepContext(String taskId, String resourceId, String caller, Map<String, String> params,
            Map<String, String> outputs, OperationContext operation, boolean recovering, Progress progress) {
        this(taskId, resourceId, caller, params, outputs, operation, recovering, progress, null);
    }

    /** A context whose progress reports go nowhere. */
    public StepContext(String taskId, String resourceId, String caller, Map<String, String> params,
            Map<String, String> outputs, OperationContext operation, boolean recovering) {
        this(taskId, resourceId, caller, params, outputs, operation, recovering, (percent, message) -> {
        }, null);
    }

    /** The task's parameters as the record its operation defines (see {@link TaskParams}). */
    public <T extends TaskParams> T params(Class<T> type) {
        return Json.fromStrings(params, type);
    }

    public String output(String key) {
        return outputs.get(key);
    }
}
