package org.ovm.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.auth.AuthService;
import org.ovm.core.plugin.PluginManager;
import org.ovm.core.task.TaskView;

/** ovm:plugin-* commands. */
public final class PluginCommands {

    private PluginCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "plugin-list", description = "List plugins and the services they provide")
    public static class PluginList implements Action {
        @Reference private PluginManager plugins;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(plugins.list(Shell.caller(auth)), List.of("Plugin", "Version", "Installed", "Services"),
                        p -> List.of(p.id(), p.version(), p.installed(), p.services().stream()
                                .map(s -> s.area() + ":" + s.key()).collect(Collectors.joining(", "))));
                return null;
            });
        }
    }

    /** Base of install, uninstall and upgrade. */
    abstract static class PluginAction extends TaskCommand.NoWait {
        @Reference PluginManager plugins;
        @Argument(index = 0, name = "plugin", required = true, description = "plugin id (ovm-plugin-...)")
        @Completion(IdCompleters.Plugin.class) String id;
    }

    @Service
    @Command(scope = "ovm", name = "plugin-install", description = "Install a plugin at runtime")
    public static class Install extends PluginAction {
        @Override
        TaskView start(Caller caller) {
            return plugins.install(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "plugin-uninstall", description = "Uninstall a plugin at runtime")
    public static class Uninstall extends PluginAction {
        @Override
        TaskView start(Caller caller) {
            return plugins.uninstall(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "plugin-upgrade", description = "Upgrade a plugin to its newest available version")
    public static class Upgrade extends PluginAction {
        @Override
        TaskView start(Caller caller) {
            return plugins.upgrade(caller, id);
        }
    }
}
