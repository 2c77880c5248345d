package org.ovm.core.task.internal;

import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;

/**
 * Writes a step's progress onto its task: when the percentage changes, and otherwise at most
 * every {@value #MIN_INTERVAL_MILLIS} ms, so a chatty backend does not flood the database.
 */
final class ProgressWriter implements StepContext.Progress {

    static final long MIN_INTERVAL_MILLIS = 500;
    private static final int MAX_MESSAGE = 512;

    private final Tx tx;
    private final String taskId;
    private int lastPercent = -1;
    private long lastWrite;

    ProgressWriter(Tx tx, String taskId) {
        this.tx = tx;
        this.taskId = taskId;
    }

    @Override
    public synchronized void report(int percent, String message) {
        int p = Math.max(0, Math.min(100, percent));
        long now = System.currentTimeMillis();
        if (p == lastPercent && now - lastWrite < MIN_INTERVAL_MILLIS) {
            return;
        }
        lastPercent = p;
        lastWrite = now;
        String text = message == null ? null
                : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        tx.run(em -> {
            TaskEntity task = em.find(TaskEntity.class, taskId);
            if (task != null) {
                task.setProgress(p);
                task.setProgressMessage(text);
                task.setUpdatedAt(Times.now());
            }
        });
    }
}
