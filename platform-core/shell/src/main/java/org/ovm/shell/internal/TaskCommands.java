package org.ovm.shell.internal;

import java.util.List;
import java.util.Map;

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
import org.ovm.core.event.EventService;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.TaskView;

/** ovm:task-* and ovm:event-list commands (ovm:event-export is in {@link EventCommands}). */
public final class TaskCommands {

    private TaskCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "task-list", description = "List tasks, newest first")
    public static class TaskList implements Action {
        @Reference private TaskService tasks;
        @Reference private AuthService auth;
        @Option(name = "--state", description = "only tasks in this state") private String state;
        @Option(name = "--limit", description = "at most this many") private int limit = 20;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Filters filters = state == null ? Filters.NONE : new Filters(Map.of("state", state));
                var page = tasks.list(Shell.caller(auth), filters, new PageRequest(limit, 0));
                Shell.table(page.items(), List.of("ID", "Operation", "Resource", "On", "State", "Steps", "Created",
                        "Error"), t -> List.of(t.id(), t.operation(), t.resourceId(), Shell.orDash(t.resourceType())
                                + " " + Shell.orDash(t.resourceName()), t.state(), t.stepsDone() + "/" + t.stepCount(),
                                t.createdAt(), t.error() == null ? "" : t.error()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "task-show", description = "Show a task and its steps")
    public static class TaskShow implements Action {
        @Reference private TaskService tasks;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "task id") @Completion(IdCompleters.Task.class)
        private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                TaskView t = tasks.get(Shell.caller(auth), id);
                System.out.printf("%s %s on %s: %s%s%n", t.id(), t.operation(), t.resourceId(), t.state(),
                        t.error() == null ? "" : " (" + t.error() + ")");
                t.steps().forEach(s -> System.out.printf("  %d %-10s %s%s%n", s.index(), s.name(), s.state(),
                        s.error() == null ? "" : " " + s.error()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "event-list", description = "Show the audit log, newest first")
    public static class EventList implements Action {
        @Reference private EventService events;
        @Reference private AuthService auth;
        @Option(name = "--limit", description = "at most this many") private int limit = 20;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = events.list(Shell.caller(auth), Filters.NONE, new PageRequest(limit, 0));
                Shell.table(page.items(), List.of("Time", "Topic", "User", "Source", "Outcome", "Message"),
                        e -> List.of(e.time(), e.topic(), e.user() == null ? "" : e.user(),
                                e.source() == null ? "" : e.source(), e.outcome() == null ? "" : e.outcome(),
                                e.message()));
                return null;
            });
        }
    }
}
