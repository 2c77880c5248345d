package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;
import org.ovm.core.backup.BackupRequest;
import org.ovm.core.backup.BackupService;
import org.ovm.core.backup.RestoreRequest;
import org.ovm.core.backup.ScheduleRequest;
import org.ovm.core.task.TaskView;

/**
 * ovm:backup-create, -list, -restore, -delete, and ovm:backup-schedule, -schedule-run,
 * ovm:backup-unschedule: backups of volumes into a backup pool and per-instance schedules.
 */
public final class BackupCommands {

    private BackupCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "backup-create", description = "Back up a volume into a backup pool (live, "
            + "through its hypervisor, while its instance runs)")
    public static class BackupCreate extends TaskCommand.NoWait {
        @Reference private BackupService backups;
        @Argument(index = 0, name = "volume", required = true, description = "volume id") private String volumeId;
        @Argument(index = 1, name = "pool", required = true, description = "backup pool id") private String poolId;
        @Option(name = "--name", description = "the backup's name (default backup-<volume>-<yyyyMMddHHmmss>)")
        private String name;

        @Override
        TaskView start(Caller caller) {
            return backups.backupVolume(caller, volumeId, new BackupRequest(poolId, name));
        }
    }

    @Service
    @Command(scope = "ovm", name = "backup-list", description = "List backups, newest first")
    public static class BackupList implements Action {
        @Reference private BackupService backups;
        @Reference private AuthService auth;
        @Option(name = "--volume", description = "only this volume's") private String volumeId;
        @Option(name = "--instance", description = "only this instance's") @Completion(IdCompleters.Instance.class)
        private String instanceId;
        @Option(name = "--pool", description = "only those in this backup pool") private String poolId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(backups.list(Shell.caller(auth), volumeId, instanceId, poolId), List.of("ID", "Name",
                        "Volume", "Pool", "Size (GiB)", "Consistency", "State", "Scheduled", "Created"),
                        b -> List.of(b.id(), b.name(), Shell.orDash(b.volumeName()), Shell.orDash(b.poolName()),
                                b.sizeBytes() >> 30, Shell.orDash(b.consistency()), b.state(), b.scheduled(),
                                b.createdAt()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "backup-restore", description = "Restore a backup as a new volume (--new --pool P "
            + "[--name N]) or over its original volume (--overwrite; detached or its instance stopped)")
    public static class BackupRestore extends TaskCommand.NoWait {
        @Reference private BackupService backups;
        @Argument(index = 0, name = "backup", required = true, description = "backup id") private String backupId;
        @Option(name = "--new", description = "into a new detached volume") private boolean asNew;
        @Option(name = "--overwrite", description = "over the original volume") private boolean overwrite;
        @Option(name = "--pool", description = "the new volume's pool id (--new)") private String poolId;
        @Option(name = "--name", description = "the new volume's name (--new; default <volume>-restored)")
        private String name;

        @Override
        TaskView start(Caller caller) {
            if (asNew == overwrite) {
                throw OvmException.invalid("mode", "give exactly one of --new and --overwrite");
            }
            RestoreRequest request = asNew ? new RestoreRequest("new", poolId, name)
                    : new RestoreRequest("overwrite", null, null);
            return backups.restore(caller, backupId, request);
        }
    }

    @Service
    @Command(scope = "ovm", name = "backup-delete", description = "Delete a backup")
    public static class BackupDelete extends TaskCommand.NoWait {
        @Reference private BackupService backups;
        @Argument(index = 0, name = "backup", required = true, description = "backup id") private String backupId;

        @Override
        TaskView start(Caller caller) {
            return backups.delete(caller, backupId);
        }
    }

    @Service
    @Command(scope = "ovm", name = "backup-schedule", description = "Schedule an instance's backups (--daily HH:MM "
            + "or --weekly DAY HH:MM, UTC) keeping the last N scheduled ones")
    public static class BackupSchedule implements Action {
        @Reference private BackupService backups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "instance", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String instanceId;
        @Argument(index = 1, name = "day", required = false, description = "with --weekly: MONDAY..SUNDAY")
        private String day;
        @Argument(index = 2, name = "time", required = false, description = "with --weekly: HH:MM (UTC)")
        private String weeklyAt;
        @Option(name = "--pool", required = true, description = "backup pool id") private String poolId;
        @Option(name = "--daily", description = "every day at HH:MM (UTC)") private String dailyAt;
        @Option(name = "--weekly", description = "weekly: give DAY and HH:MM as arguments after the instance")
        private boolean weekly;
        @Option(name = "--keep", required = true, description = "how many scheduled backups to keep (1..100)")
        private int keep;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                if ((dailyAt != null) == weekly) {
                    throw OvmException.invalid("kind", "give exactly one of --daily HH:MM and --weekly DAY HH:MM");
                }
                ScheduleRequest request = weekly ? new ScheduleRequest(poolId, "weekly", weeklyAt, day, keep)
                        : new ScheduleRequest(poolId, "daily", dailyAt, null, keep);
                var view = backups.putSchedule(Shell.caller(auth), instanceId, request);
                System.out.println("Backups of " + instanceId + ": " + view.kind() + " at " + view.at() + " UTC"
                        + (view.dayOfWeek() == null ? "" : " on " + view.dayOfWeek()) + " into pool "
                        + view.poolName() + ", keeping " + view.keep() + "; next run " + view.nextRunAt());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "backup-schedule-run", description = "Run an instance's backup schedule now")
    public static class BackupScheduleRun extends TaskCommand.NoWait {
        @Reference private BackupService backups;
        @Argument(index = 0, name = "instance", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String instanceId;

        @Override
        TaskView start(Caller caller) {
            return backups.runSchedule(caller, instanceId);
        }
    }

    @Service
    @Command(scope = "ovm", name = "backup-unschedule", description = "Remove an instance's backup schedule (its "
            + "backups stay)")
    public static class BackupUnschedule implements Action {
        @Reference private BackupService backups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "instance", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String instanceId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                backups.deleteSchedule(Shell.caller(auth), instanceId);
                System.out.println("Backup schedule of " + instanceId + " removed");
                return null;
            });
        }
    }
}
