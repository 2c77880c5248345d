package org.ovm.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.ovm.core.Caller;
import org.ovm.core.auth.AuthService;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.TaskView;

/**
 * Base of the commands that start one task and follow it until it is done ({@link Shell#follow}):
 * a subclass only starts the task. Karaf injects the references and options of this class into
 * each subclass.
 */
abstract class TaskCommand implements Action {
    @Reference TaskService tasks;
    @Reference AuthService auth;

    /**
     * Checks the command's arguments and starts its task (it may print a line first, such as the
     * new resource's id). Runs inside {@link Shell#run}, so an {@code OvmException} fails the command.
     */
    abstract TaskView start(Caller caller) throws Exception;

    /** Whether to print the task and return at once instead of waiting for it. */
    boolean noWait() {
        return false;
    }

    @Override
    public Object execute() throws Exception {
        return Shell.run(() -> {
            Caller caller = Shell.caller(auth);
            Shell.follow(tasks, caller, start(caller), noWait());
            return null;
        });
    }

    /** A {@link TaskCommand} with a {@code --no-wait} option. */
    abstract static class NoWait extends TaskCommand {
        @Option(name = "--no-wait", description = "return without waiting for the task") boolean noWait;

        @Override
        boolean noWait() {
            return noWait;
        }
    }
}
