package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.AuthService;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.VdcRequest;
import org.ovm.core.VdcService;

/** ovm:vdc-* commands. */
public final class VdcCommands {

    private VdcCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "vdc-list", description = "List virtual data centers")
    public static class VdcList implements Action {
        @Reference private VdcService vdcs;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = vdcs.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Description"),
                        v -> List.of(v.id(), v.name(), v.description() == null ? "" : v.description()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "vdc-add", description = "Create a virtual data center")
    public static class VdcAdd implements Action {
        @Reference private VdcService vdcs;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "name", required = true, description = "VDC name") private String name;
        @Option(name = "--description", description = "free text") private String description;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("vdc " + vdcs.create(Shell.caller(auth), new VdcRequest(name, description)).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "vdc-delete", description = "Delete a VDC without users or instances")
    public static class VdcDelete implements Action {
        @Reference private VdcService vdcs;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "VDC id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                vdcs.delete(Shell.caller(auth), id);
                System.out.println("vdc " + id + " deleted");
                return null;
            });
        }
    }
}
