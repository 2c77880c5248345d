package org.ovm.core.backup;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.task.TaskView;

/**
 * Backups of volumes and instances, restores, and backup schedules. Users see and act on their
 * VDC's backups, volumes and instances only; anything of another VDC is not found (404).
 */
public interface BackupService {

    /** Backups, newest first; filters (each may be null): the volume, the instance, the backup pool. */
    List<BackupView> list(Caller caller, String volumeId, String instanceId, String poolId);

    BackupView get(Caller caller, String id);

    /** Starts {@code volume.backup}. */
    TaskView backupVolume(Caller caller, String volumeId, BackupRequest request);

    /** Starts {@code instance.backup}: one backup of each of the instance's disks. */
    TaskView backupInstance(Caller caller, String instanceId, BackupRequest request);

    /** Starts {@code backup.delete}. */
    TaskView delete(Caller caller, String id);

    /** Starts {@code backup.restore}. */
    TaskView restore(Caller caller, String id, RestoreRequest request);

    /** The instance's schedule (404 when it has none). */
    ScheduleView schedule(Caller caller, String instanceId);

    /** Sets (creates or replaces) the instance's schedule. */
    ScheduleView putSchedule(Caller caller, String instanceId, ScheduleRequest request);

    /** Removes the instance's schedule (404 when it has none). */
    void deleteSchedule(Caller caller, String instanceId);

    /** Runs the instance's schedule now: a scheduled {@code instance.backup}. */
    TaskView runSchedule(Caller caller, String instanceId);
}
