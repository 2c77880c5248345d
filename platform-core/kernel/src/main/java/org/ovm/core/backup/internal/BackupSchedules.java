package org.ovm.core.backup.internal;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.backup.ScheduleRequest;
import org.ovm.core.backup.ScheduleView;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.BackupScheduleEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Failures;

/**
 * Backup schedules: one per instance, daily or weekly at a time of day (UTC), keeping the last
 * {@code keep} scheduled backups of each disk. Changes are audited as events
 * ({@code backup-schedule/changed}, {@code /removed}, {@code /run}).
 */
public final class BackupSchedules {

    /** Starts a scheduled {@code instance.backup}. */
    @FunctionalInterface
    interface Starter {
        TaskView start(Caller caller, String instanceId, String poolId, boolean scheduled);
    }

    private final Tx tx;
    private final EventPublisher events;
    private final Starter starter;

    BackupSchedules(Tx tx, EventPublisher events, Starter starter) {
        this.tx = tx;
        this.events = events;
        this.starter = starter;
    }

    ScheduleView get(Caller caller, InstanceEntity instance) {
        return tx.call(em -> {
            BackupScheduleEntity schedule = em.find(BackupScheduleEntity.class, instance.getId());
            if (schedule == null) {
                throw OvmException.notFound("backup schedule of instance", instance.getId());
            }
            return view(schedule, em.find(StoragePoolEntity.class, schedule.getPoolId()));
        });
    }

    ScheduleView put(Caller caller, InstanceEntity instance, ScheduleRequest request) {
        Schedules.Checked checked = Schedules.check(request);
        ScheduleView view = tx.call(em -> {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, checked.poolId());
            if (pool == null) {
                throw OvmException.invalid("poolId", "storage pool " + checked.poolId() + " does not exist");
            }
            BackupScheduleEntity schedule = em.find(BackupScheduleEntity.class, instance.getId());
            if (schedule == null) {
                schedule = new BackupScheduleEntity();
                schedule.setInstanceId(instance.getId());
                em.persist(schedule);
            }
            schedule.setPoolId(pool.getId());
            schedule.setKind(checked.kind());
            schedule.setAt(checked.at());
            schedule.setDayOfWeek(checked.dayOfWeek());
            schedule.setKeep(checked.keep());
            schedule.setNextRunAt(Schedules.next(checked.kind(), checked.at(), checked.dayOfWeek(), Times.now()));
            return view(schedule, pool);
        });
        events.publish(caller, "backup-schedule/changed", instance.getId(), instance.getVdcId(), "backups of instance "
                + instance.getName() + " scheduled " + describe(view));
        return view;
    }

    void delete(Caller caller, InstanceEntity instance) {
        tx.run(em -> {
            BackupScheduleEntity schedule = em.find(BackupScheduleEntity.class, instance.getId());
            if (schedule == null) {
                throw OvmException.notFound("backup schedule of instance", instance.getId());
            }
            em.remove(schedule);
        });
        events.publish(caller, "backup-schedule/removed", instance.getId(), instance.getVdcId(),
                "backup schedule of instance " + instance.getName() + " removed");
    }

    /** Runs the schedule now, as a scheduled backup (its runs count against {@code keep}). */
    TaskView run(Caller caller, InstanceEntity instance) {
        BackupScheduleEntity schedule = tx.call(em -> em.find(BackupScheduleEntity.class, instance.getId()));
        if (schedule == null) {
            throw OvmException.notFound("backup schedule of instance", instance.getId());
        }
        TaskView task = starter.start(caller, instance.getId(), schedule.getPoolId(), true);
        tx.run(em -> {
            BackupScheduleEntity row = em.find(BackupScheduleEntity.class, instance.getId());
            if (row != null) {
                row.setLastRunAt(Times.now());
            }
        });
        events.publish(caller, "backup-schedule/run", instance.getId(), instance.getVdcId(),
                "backup schedule of instance " + instance.getName() + " run now");
        return task;
    }

    /**
     * Starts every schedule due at {@code now} (as the engine) and sets its next run; a schedule that
     * cannot start (its instance is busy, the pool down) is reported as a failed
     * {@code backup-schedule/run} event and tried again at its next time. Schedules of deleted
     * instances are removed. Returns how many started.
     */
    public int runDue(long now) {
        List<BackupScheduleEntity> due = tx.call(em -> em.createQuery("SELECT s FROM BackupScheduleEntity s WHERE "
                + "s.nextRunAt <= ?1", BackupScheduleEntity.class).setParameter(1, now).getResultList());
        int started = 0;
        for (BackupScheduleEntity schedule : due) {
            InstanceEntity instance = tx.call(em -> {
                BackupScheduleEntity row = em.find(BackupScheduleEntity.class, schedule.getInstanceId());
                InstanceEntity found = em.find(InstanceEntity.class, schedule.getInstanceId());
                if (row == null) {
                    return null;
                }
                if (found == null) {
                    em.remove(row);
                    return null;
                }
                row.setNextRunAt(Schedules.next(row.getKind(), row.getAt(), row.getDayOfWeek(), now));
                row.setLastRunAt(now);
                return found;
            });
            if (instance == null) {
                continue;
            }
            try {
                TaskView task = starter.start(Caller.SYSTEM, instance.getId(), schedule.getPoolId(), true);
                events.publish("backup-schedule/run", instance.getId(), Caller.SYSTEM.username(), instance.getVdcId(),
                        "scheduled backup of instance " + instance.getName() + " started (task " + task.id() + ")");
                started++;
            } catch (RuntimeException e) {
                events.record("backup-schedule/run", instance.getId(), Caller.SYSTEM.username(), Caller.ENGINE,
                        Outcome.FAILED, instance.getVdcId(), "scheduled backup of instance " + instance.getName()
                                + " could not start: " + Failures.message(e));
            }
        }
        return started;
    }

    static ScheduleView view(BackupScheduleEntity s, StoragePoolEntity pool) {
        return new ScheduleView(s.getInstanceId(), s.getPoolId(), pool == null ? null : pool.getName(), s.getKind(),
                s.getAt(), s.getDayOfWeek(), s.getKeep(), s.getNextRunAt() == null ? null : Times.iso(s.getNextRunAt()),
                s.getLastRunAt() == null ? null : Times.iso(s.getLastRunAt()));
    }

    private static String describe(ScheduleView view) {
        return (Schedules.WEEKLY.equals(view.kind()) ? "every " + view.dayOfWeek() : "daily") + " at " + view.at()
                + " UTC into pool " + view.poolName() + ", keeping " + view.keep();
    }
}
