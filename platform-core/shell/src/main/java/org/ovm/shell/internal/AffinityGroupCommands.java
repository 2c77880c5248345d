package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.placement.AffinityGroupRequest;
import org.ovm.core.placement.AffinityGroupService;

/** ovm:affinity-group-* commands. */
public final class AffinityGroupCommands {

    private AffinityGroupCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "affinity-group-list", description = "List affinity groups and their members")
    public static class GroupList implements Action {
        @Reference private AffinityGroupService groups;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = groups.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Kind", "VDC", "Members"), g -> List.of(g.id(),
                        g.name(), g.kind(), g.vdcId() == null ? "" : g.vdcId(), g.members().size()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "affinity-group-add", description = "Create an affinity or anti-affinity group")
    public static class GroupAdd implements Action {
        @Reference private AffinityGroupService groups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "name", required = true, description = "group name") private String name;
        @Option(name = "--kind", required = true, description = "affinity (one host) or anti-affinity (one host each)")
        private String kind;
        @Option(name = "--vdc", description = "owning VDC id (default: yours)") private String vdcId;
        @Option(name = "--description", description = "free text") private String description;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("affinity group " + groups.create(Shell.caller(auth), new AffinityGroupRequest(name,
                        kind, vdcId, description)).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "affinity-group-delete", description = "Delete an empty affinity group")
    public static class GroupDelete implements Action {
        @Reference private AffinityGroupService groups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "group id")
        @Completion(IdCompleters.AffinityGroup.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                groups.delete(Shell.caller(auth), id);
                System.out.println("affinity group " + id + " deleted");
                return null;
            });
        }
    }
}
