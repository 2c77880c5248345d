package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.auth.UserRequest;
import org.ovm.core.auth.UserUpdate;

/** ovm:user-* commands. */
public final class UserCommands {

    private UserCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "user-list", description = "List users")
    public static class UserList implements Action {
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = auth.listUsers(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "User", "Role", "VDC"),
                        u -> List.of(u.id(), u.username(), u.role(), u.vdcId() == null ? "" : u.vdcId()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "user-add", description = "Create a user")
    public static class UserAdd implements Action {
        @Reference private AuthService auth;
        @Argument(index = 0, name = "username", required = true, description = "login name") private String username;
        @Argument(index = 1, name = "password", required = true, description = "at least 8 characters")
        private String password;
        @Option(name = "--role", description = "admin, vdc-admin or user (default user)") private String role = "user";
        @Option(name = "--vdc", description = "VDC id (required for vdc-admin and user)") private String vdcId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("user " + auth.createUser(Shell.caller(auth),
                        new UserRequest(username, password, role, vdcId)).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "user-set", description = "Change a user's role or VDC")
    public static class UserSet implements Action {
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "user id") private String id;
        @Option(name = "--role", description = "admin, vdc-admin or user") private String role;
        @Option(name = "--vdc", description = "VDC id (\"\" takes the user out of their VDC)") private String vdcId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var user = auth.updateUser(Shell.caller(auth), id, new UserUpdate(role, vdcId));
                System.out.println("user " + user.username() + " is " + user.role()
                        + (user.vdcId() == null ? "" : " of VDC " + user.vdcId()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "user-delete", description = "Delete a user")
    public static class UserDelete implements Action {
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "user id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                auth.deleteUser(Shell.caller(auth), id);
                System.out.println("user " + id + " deleted");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "user-unlock", description = "Lift a user's lockout after failed logins")
    public static class UserUnlock implements Action {
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "user id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                auth.unlock(Shell.caller(auth), id);
                System.out.println("user " + id + " unlocked");
                return null;
            });
        }
    }
}
