package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.snapshot.SnapshotRequest;
import org.ovm.core.snapshot.SnapshotService;
import org.ovm.core.task.TaskView;

/** ovm:snapshot-* commands. */
public final class SnapshotCommands {

    private SnapshotCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "snapshot-list", description = "List an instance's snapshots")
    public static class SnapshotList extends InstanceCommands.InstanceAction {
        @Reference SnapshotService snapshots;
        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(snapshots.list(Shell.caller(auth), id), List.of("ID", "Name", "State", "Created",
                        "Description"), s -> List.of(s.id(), s.name(), s.powerState(), s.createdAt(),
                                s.description() == null ? "" : s.description()));
                return null;
            });
        }

        @Override
        TaskView start(Caller caller) {
            throw new UnsupportedOperationException();
        }
    }

    @Service
    @Command(scope = "ovm", name = "snapshot-create", description = "Snapshot an instance")
    public static class SnapshotCreate extends InstanceCommands.InstanceAction {
        @Reference SnapshotService snapshots;
        @Argument(index = 1, name = "name", required = true, description = "snapshot name") String name;
        @Option(name = "--description", description = "free text") String description;

        @Override
        TaskView start(Caller caller) {
            return snapshots.create(caller, id, new SnapshotRequest(name, description));
        }
    }

    @Service
    @Command(scope = "ovm", name = "snapshot-revert", description = "Return an instance to a snapshot")
    public static class SnapshotRevert extends InstanceCommands.InstanceAction {
        @Reference SnapshotService snapshots;
        @Argument(index = 1, name = "snapshot", required = true, description = "snapshot id") String snapshotId;

        @Override
        TaskView start(Caller caller) {
            return snapshots.revert(caller, id, snapshotId);
        }
    }

    @Service
    @Command(scope = "ovm", name = "snapshot-delete", description = "Delete a snapshot")
    public static class SnapshotDelete extends InstanceCommands.InstanceAction {
        @Reference SnapshotService snapshots;
        @Argument(index = 1, name = "snapshot", required = true, description = "snapshot id") String snapshotId;

        @Override
        TaskView start(Caller caller) {
            return snapshots.delete(caller, id, snapshotId);
        }
    }
}
