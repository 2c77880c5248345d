package org.ovm.plugin.esxi.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.mo.Task;

/**
 * Blocking SOAP calls run on the operation's executor, on the host's session; host tasks are
 * awaited until the operation's deadline, and failures come back in the SPI's terms.
 */
final class EsxiCalls {

    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 1_000;

    private final EsxiSessions sessions;

    EsxiCalls(EsxiSessions sessions) {
        this.sessions = sessions;
    }

    EsxiSessions sessions() {
        return sessions;
    }

    <T> CompletionStage<T> call(OperationContext ctx, HostEndpoint host, String what, EsxiSessions.Work<T> work) {
        return CompletableFuture.supplyAsync(() -> sessions.call(host, what, work), ctx.executor());
    }

    /**
     * Waits for a host task to end: its result on success, a translated fault on error. Past the
     * operation's deadline the task is cancelled (where the host allows) and the call fails with
     * {@code TIMEOUT}.
     */
    static Object await(OperationContext ctx, Task task, String what) throws Exception {
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            TaskInfo info = task.getTaskInfo();
            TaskInfoState state = info == null ? null : info.getState();
            if (state == TaskInfoState.success) {
                return info.getResult();
            }
            if (state == TaskInfoState.error) {
                throw EsxiErrors.taskFault(what, info.getError());
            }
            if (ctx.expired()) {
                try {
                    task.cancelTask();
                } catch (Exception ignored) {
                    // not every task can be cancelled; the timeout is what the caller learns
                }
                throw new DriverException(ErrorCode.TIMEOUT, what + ": the host's task did not finish before the "
                        + "deadline", true, null);
            }
            Thread.sleep(Math.min(pause, Math.max(1, ctx.remaining().toMillis())));
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
        }
    }
}
