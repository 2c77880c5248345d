package org.ovm.core.backup.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ovm.core.internal.support.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts due backup schedules every {@code backup.scheduler.seconds} (default 30): each as a
 * scheduled {@code instance.backup} of the engine ({@link BackupSchedules#runDue}).
 */
public final class BackupScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final BackupSchedules schedules;
    private final Duration period;

    public BackupScheduler(BackupSchedules schedules, Duration period) {
        this.schedules = schedules;
        this.period = period;
    }

    public void start(ScheduledExecutorService scheduler) {
        long millis = period.toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            int started = schedules.runDue(Times.now());
            if (started > 0) {
                LOG.info("Started {} scheduled backup(s)", started);
            }
        } catch (RuntimeException e) {
            // the next round tries again; a failing round must not cancel the schedule
            LOG.warn("Backup scheduler round failed", e);
        }
    }
}
