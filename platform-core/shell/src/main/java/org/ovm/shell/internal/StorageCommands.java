package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.storage.VolumeRequest;
import org.ovm.core.storage.VolumeService;
import org.ovm.core.task.TaskView;

/** ovm:volume-* commands (the ovm:pool-* ones are in {@link PoolCommands}). */
public final class StorageCommands {

    private StorageCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "volume-list", description = "List volumes")
    public static class VolumeList implements Action {
        @Reference private VolumeService volumes;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = volumes.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "State", "MiB", "Instance", "Path"),
                        v -> List.of(v.id(), v.name(), v.state(), v.sizeBytes() / (1024 * 1024),
                                v.instanceId() == null ? "" : v.instanceId(), v.path()));
                return null;
            });
        }
    }

    /** Base of the volume commands that start a task: a volume id, waiting by default. */
    abstract static class VolumeAction extends TaskCommand {
        @Reference VolumeService volumes;
        @Argument(index = 0, name = "id", required = true, description = "volume id") String id;
    }

    @Service
    @Command(scope = "ovm", name = "volume-create", description = "Create an empty thin volume in a pool")
    public static class VolumeCreate extends TaskCommand {
        @Reference private VolumeService volumes;
        @Argument(index = 0, name = "name", required = true, description = "volume name") private String name;
        @Option(name = "--pool", required = true, description = "pool id") private String poolId;
        @Option(name = "--size-gib", required = true, description = "size in GiB") private Long sizeGiB;

        @Override
        TaskView start(Caller caller) {
            var task = volumes.create(caller, new VolumeRequest(name, poolId, sizeGiB, null));
            System.out.println("volume " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "volume-delete", description = "Delete a detached volume")
    public static class VolumeDelete extends VolumeAction {
        @Override
        TaskView start(Caller caller) {
            return volumes.delete(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "volume-resize", description = "Grow a volume")
    public static class VolumeResize extends VolumeAction {
        @Option(name = "--size-gib", required = true, description = "new size in GiB") Long sizeGiB;

        @Override
        TaskView start(Caller caller) {
            return volumes.resize(caller, id, sizeGiB);
        }
    }

    @Service
    @Command(scope = "ovm", name = "volume-attach", description = "Attach a volume to an instance")
    public static class VolumeAttach extends VolumeAction {
        @Option(name = "--instance", required = true, description = "instance id") String instanceId;

        @Override
        TaskView start(Caller caller) {
            return volumes.attach(caller, id, instanceId);
        }
    }

    @Service
    @Command(scope = "ovm", name = "volume-detach", description = "Detach a volume from its instance")
    public static class VolumeDetach extends VolumeAction {
        @Override
        TaskView start(Caller caller) {
            return volumes.detach(caller, id);
        }
    }
}
