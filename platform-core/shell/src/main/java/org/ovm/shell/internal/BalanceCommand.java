package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.auth.AuthService;
import org.ovm.core.balance.BalanceReport;
import org.ovm.core.balance.BalanceService;

/** {@code ovm:cluster-balance}: runs a cluster's balancing policy now, or shows what it would propose. */
@Service
@Command(scope = "ovm", name = "cluster-balance", description = "Run a cluster's balancing policy now (its moves "
        + "start at once; the event cluster/balanced tells how they ended), or with --dry-run only show the "
        + "proposals")
public class BalanceCommand implements Action {
    @Reference private BalanceService balance;
    @Reference private AuthService auth;
    @Argument(index = 0, name = "cluster", required = true, description = "cluster id")
    @Completion(IdCompleters.Cluster.class) private String cluster;
    @Option(name = "--dry-run", description = "proposals only: nothing moves") private boolean dryRun;

    @Override
    public Object execute() throws Exception {
        return Shell.run(() -> {
            BalanceReport report = balance.balance(Shell.caller(auth), cluster, dryRun);
            System.out.println("cluster " + report.clusterId() + ", policy " + report.policy() + (report.dryRun()
                    ? " (dry run: nothing moves)" : ""));
            Shell.table(report.hosts(), List.of("Host", "CPU %", "Memory %", "Instances"), h -> List.of(h.name(),
                    h.cpuPercent(), h.memoryPercent(), h.instances()));
            if (!report.moves().isEmpty()) {
                Shell.table(report.moves(), List.of("Instance", "From", "To", "Status", "Task", "Reason"),
                        m -> List.of(m.instanceName(), m.fromHost(), m.toHost(), m.status(), Shell.orDash(m.taskId()),
                                m.error() == null ? m.reason() : m.reason() + " (" + m.error() + ")"));
            }
            report.notes().forEach(n -> System.out.println("note: " + n));
            if (!report.powerOffCandidates().isEmpty()) {
                System.out.println("power-off candidates: " + String.join(", ", report.powerOffCandidates()));
            }
            return null;
        });
    }
}
