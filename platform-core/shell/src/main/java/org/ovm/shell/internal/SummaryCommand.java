package org.ovm.shell.internal;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.auth.AuthService;
import org.ovm.core.summary.SummaryService;
import org.ovm.core.summary.SummaryView;

/** ovm:summary: what the portal's dashboard shows, as text. */
@Service
@Command(scope = "ovm", name = "summary", description = "Counts of hosts, instances and tasks, capacity per cluster, "
        + "pools, recent failures and alarms")
public class SummaryCommand implements Action {

    @Reference private SummaryService summary;
    @Reference private AuthService auth;

    @Override
    public Object execute() throws Exception {
        return Shell.run(() -> {
            SummaryView s = summary.summary(Shell.caller(auth));
            if (s.hosts() != null) {
                System.out.println("Hosts:     " + s.hosts().total() + states(s.hosts().byState()));
            }
            System.out.println("Instances: " + s.instances().total() + states(s.instances().byState())
                    + states(s.instances().byType()));
            System.out.println("Tasks:     " + s.tasks().running() + " running, " + s.tasks().failedLast24h()
                    + " failed in the last 24 h");
            if (s.quota() != null) {
                System.out.println("VDC:       " + s.quota().name());
            }
            if (!s.clusters().isEmpty()) {
                System.out.println();
                Shell.table(s.clusters(), List.of("Cluster", "Type", "Hosts (UP)", "CPUs (allocated)",
                        "Memory MiB (allocated)"), c -> List.of(c.name(), c.hypervisorType(), c.hosts() + " ("
                                + c.hostsUp() + ")", c.cpus() + " (" + c.allocatedCpus() + ")", c.memoryMiB() + " ("
                                + c.allocatedMemoryMiB() + ")"));
            }
            if (!s.pools().isEmpty()) {
                System.out.println();
                Shell.table(s.pools(), List.of("Pool", "Type", "State", "Total bytes", "Free bytes"),
                        p -> List.of(p.name(), p.type(), p.state(), p.totalBytes(), p.freeBytes()));
            }
            if (!s.alarms().isEmpty()) {
                System.out.println();
                Shell.table(s.alarms(), List.of("Alarm", "Name", "State", "Reason", "Since"), a -> List.of(a.kind(),
                        a.name(), a.state(), Shell.orDash(a.reason()), Shell.orDash(a.since())));
            }
            if (!s.recentFailures().isEmpty()) {
                System.out.println();
                Shell.table(s.recentFailures(), List.of("Failed task", "Operation", "On", "User", "At", "Error"),
                        f -> List.of(f.taskId(), f.operation(), Shell.orDash(f.resourceType()) + " "
                                + Shell.orDash(f.resourceName()), f.user(), f.at(), Shell.orDash(f.error())));
            }
            return null;
        });
    }

    private static String states(Map<String, Long> counts) {
        return counts.isEmpty() ? "" : " " + counts;
    }
}
