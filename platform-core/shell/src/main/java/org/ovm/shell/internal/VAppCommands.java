package org.ovm.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.instance.VAppRequest;
import org.ovm.core.instance.VAppService;
import org.ovm.core.task.TaskView;

/** ovm:vapp-* commands. */
public final class VAppCommands {

    private VAppCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "vapp-list", description = "List vApps")
    public static class VAppList implements Action {
        @Reference private VAppService vapps;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = vapps.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "State", "Instances", "Cluster"),
                        v -> List.of(v.id(), v.name(), v.state(), v.instanceIds().size(), v.clusterId()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "vapp-create", description = "Deploy a vApp: members placed as a batch, created "
            + "in parallel, started in order")
    public static class VAppCreate extends TaskCommand {
        @Reference private VAppService vapps;
        @Argument(index = 0, name = "name", required = true, description = "vApp name") private String name;
        @Option(name = "--cluster", required = true, description = "cluster id") @Completion(IdCompleters.Cluster.class)
        private String clusterId;
        @Option(name = "--member", required = true, multiValued = true,
                description = "name:cpus:memoryMiB, repeated, in start order") private List<String> members;
        @Option(name = "--keep", description = "keep the members that worked when others fail") private boolean keep;

        @Override
        TaskView start(Caller caller) {
            List<VAppRequest.Member> parsed = new ArrayList<>();
            for (String member : members) {
                String[] parts = member.split(":");
                if (parts.length != 3) {
                    throw OvmException.invalid("instances", "use --member name:cpus:memoryMiB, got " + member);
                }
                try {
                    parsed.add(new VAppRequest.Member(parts[0], Integer.valueOf(parts[1]), Long.valueOf(parts[2]),
                            null, null, null, null));
                } catch (NumberFormatException e) {
                    throw OvmException.invalid("instances", "cpus and memoryMiB are numbers: " + member);
                }
            }
            var task = vapps.create(caller, new VAppRequest(name, clusterId, null, keep ? "keep" : "rollback",
                    true, parsed));
            System.out.println("vapp " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "vapp-delete", description = "Delete a vApp and its instances")
    public static class VAppDelete extends TaskCommand {
        @Reference private VAppService vapps;
        @Argument(index = 0, name = "id", required = true, description = "vApp id") private String id;

        @Override
        TaskView start(Caller caller) {
            return vapps.delete(caller, id);
        }
    }
}
