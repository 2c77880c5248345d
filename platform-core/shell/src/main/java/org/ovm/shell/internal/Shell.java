package org.ovm.shell.internal;

import java.security.AccessController;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.support.table.ShellTable;
import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.TaskView;

/** What commands share: who is calling, waiting for tasks, printing tables and errors. */
final class Shell {

    static final Duration TASK_WAIT = Duration.ofMinutes(10);

    private Shell() {
    }

    /**
     * The OVM user of the shell session (SSH and bin/client log in through the ovm realm); the
     * local console of the engine's own machine acts as the system. Either way the caller's source
     * is {@link Caller#SHELL}, which the audit events of its commands record.
     */
    @SuppressWarnings("removal")
    static Caller caller(AuthService auth) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (UserPrincipal user : subject.getPrincipals(UserPrincipal.class)) {
                try {
                    return auth.caller(user.getName()).withSource(Caller.SHELL);
                } catch (OvmException notAnOvmUser) {
                    // for example the local console's 'karaf' user
                }
            }
        }
        return Caller.SYSTEM.withSource(Caller.SHELL);
    }

    /** Waits for a task unless told not to, prints its outcome and returns it. */
    static TaskView follow(TaskService tasks, Caller caller, TaskView task, boolean noWait) {
        if (noWait) {
            System.out.println("task " + task.id() + " " + task.state());
            return task;
        }
        TaskView done = tasks.await(caller, task.id(), TASK_WAIT);
        System.out.println("task " + done.id() + " " + done.operation() + " " + done.state()
                + (done.error() == null ? "" : ": " + done.error()));
        return done;
    }

    static <T> void table(List<T> rows, List<String> headers, Function<T, List<Object>> columns) {
        ShellTable table = new ShellTable();
        headers.forEach(table::column);
        for (T row : rows) {
            table.addRow().addContent(columns.apply(row).toArray());
        }
        table.print(System.out);
    }

    /** {@code value}, or "-" when there is none (a table cell never shows "null"). */
    static Object orDash(Object value) {
        return value == null ? "-" : value;
    }

    /** The driver settings of repeated {@code --setting key=value} options, in their order (none: empty). */
    static Map<String, String> settings(List<String> settings) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String setting : settings == null ? List.<String>of() : settings) {
            int eq = setting.indexOf('=');
            if (eq < 1) {
                throw OvmException.invalid("settings", "use --setting key=value, got " + setting);
            }
            parsed.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        return parsed;
    }

    /** Runs a command body; engine errors fail the command with one line naming the code and field. */
    static Object run(Callable<Object> body) throws Exception {
        try {
            return body.call();
        } catch (OvmException e) {
            // Karaf prints the message as "Error executing command ...: <message>" and fails the command
            throw new IllegalStateException(e.error().name() + (e.field() == null ? "" : " (" + e.field() + ")")
                    + ": " + e.getMessage(), e);
        }
    }
}
