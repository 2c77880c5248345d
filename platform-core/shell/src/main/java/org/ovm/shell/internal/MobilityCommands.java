package org.ovm.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.storage.VolumeCopyRequest;
import org.ovm.core.storage.VolumeMigrateRequest;
import org.ovm.core.storage.VolumeService;
import org.ovm.core.task.TaskView;

/** ovm:volume-copy, ovm:volume-migrate and ovm:instance-migrate: tasks that move data and instances. */
public final class MobilityCommands {

    private MobilityCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "volume-copy", description = "Copy a volume into a pool (a new volume, detached)")
    public static class VolumeCopy extends TaskCommand.NoWait {
        @Reference private VolumeService volumes;
        @Argument(index = 0, name = "volume", required = true, description = "volume id") private String volumeId;
        @Argument(index = 1, name = "pool", required = true, description = "target pool id") private String poolId;
        @Option(name = "--name", description = "the copy's name (default <name>-copy)") private String name;

        @Override
        TaskView start(Caller caller) {
            return volumes.copy(caller, volumeId, new VolumeCopyRequest(poolId, name));
        }
    }

    @Service
    @Command(scope = "ovm", name = "volume-migrate", description = "Move a volume to another pool (live while its "
            + "instance runs)")
    public static class VolumeMigrate extends TaskCommand.NoWait {
        @Reference private VolumeService volumes;
        @Argument(index = 0, name = "volume", required = true, description = "volume id") private String volumeId;
        @Argument(index = 1, name = "pool", required = true, description = "target pool id") private String poolId;

        @Override
        TaskView start(Caller caller) {
            return volumes.migrate(caller, volumeId, new VolumeMigrateRequest(poolId));
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-migrate", description = "Move an instance to another host (admin; live "
            + "while it runs)")
    public static class InstanceMigrate extends TaskCommand.NoWait {
        @Reference private InstanceService instances;
        @Argument(index = 0, name = "instance", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String instanceId;
        @Option(name = "--host", description = "target host id (default: placement chooses another host of the "
                + "instance's cluster)") @Completion(IdCompleters.Host.class) private String hostId;
        @Option(name = "--storage-pool", description = "pool of the target host for disks it does not reach (a "
                + "running instance takes them along; default: the target's pool with the most free space)")
        private String storagePoolId;
        @Option(name = "--bandwidth", description = "cap of the migration stream in MiB/s (default: none)")
        private Long bandwidth;

        @Override
        TaskView start(Caller caller) {
            return instances.migrate(caller, instanceId, new MigrateRequest(hostId, storagePoolId, bandwidth));
        }
    }
}
