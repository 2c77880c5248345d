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
import org.ovm.core.balance.BalancingSettings;
import org.ovm.core.host.ClusterRequest;
import org.ovm.core.host.ClusterService;
import org.ovm.core.host.ClusterUpdate;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.host.ZoneService;
import org.ovm.core.host.ZoneUpdate;

/** ovm:zone-* and ovm:cluster-* commands. */
public final class InventoryCommands {

    private InventoryCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "zone-list", description = "List zones")
    public static class ZoneList implements Action {
        @Reference private ZoneService zones;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = zones.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Default", "Description"),
                        z -> List.of(z.id(), z.name(), z.defaultZone() ? "yes" : "",
                                z.description() == null ? "" : z.description()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "zone-add", description = "Create a zone")
    public static class ZoneAdd implements Action {
        @Reference private ZoneService zones;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "name", required = true, description = "zone name") private String name;
        @Option(name = "--description", description = "free text") private String description;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("zone " + zones.create(Shell.caller(auth), new ZoneRequest(name, description)).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "zone-set", description = "Rename a zone, change its description, or make it "
            + "the default zone (where creates that name no host, cluster or zone are placed)")
    public static class ZoneSet implements Action {
        @Reference private ZoneService zones;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "zone id") @Completion(IdCompleters.Zone.class)
        private String id;
        @Option(name = "--name", description = "new name") private String name;
        @Option(name = "--description", description = "free text") private String description;
        @Option(name = "--default", description = "make it the default zone") private boolean makeDefault;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var zone = zones.update(Shell.caller(auth), id, new ZoneUpdate(name, description,
                        makeDefault ? Boolean.TRUE : null));
                System.out.println("zone " + zone.name() + " (" + zone.id() + ")"
                        + (zone.defaultZone() ? " is the default zone" : ""));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "zone-delete", description = "Delete an empty zone")
    public static class ZoneDelete implements Action {
        @Reference private ZoneService zones;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "zone id") @Completion(IdCompleters.Zone.class)
        private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                zones.delete(Shell.caller(auth), id);
                System.out.println("zone " + id + " deleted");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "cluster-list", description = "List clusters")
    public static class ClusterList implements Action {
        @Reference private ClusterService clusters;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = clusters.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Zone", "Type", "CPU ratio", "Memory ratio",
                        "Balancing", "Power-off candidates"), c -> List.of(c.id(), c.name(), c.zoneId(),
                                c.hypervisorType() == null ? "" : c.hypervisorType(), c.cpuOvercommit(),
                                c.memoryOvercommit(), c.balancing().policy(), c.powerOffCandidates().isEmpty() ? "-"
                                        : String.join(",", c.powerOffCandidates())));
                return null;
            });
        }
    }

    /** The placement settings of cluster-add and cluster-set. */
    abstract static class ClusterSettingsAction implements Action {
        @Reference ClusterService clusters;
        @Reference AuthService auth;
        @Option(name = "--cpu-overcommit", description = "vCPU to CPU ratio (a new cluster: 4)") Double cpu;
        @Option(name = "--memory-overcommit", description = "memory ratio (a new cluster: 1)") Double memory;
        @Option(name = "--policy", description = "placement policy id or name: PERFORMANCE (spread), PROGRESSIVE "
                + "(pack), BALANCED or your own (ovm:policy-list); a new cluster follows the default")
        @Completion(IdCompleters.Policy.class) String policy;
        @Option(name = "--balancing", description = "balancing policy: NONE (a new cluster), LOAD_BALANCING or "
                + "POWER_SAVING") String balancing;
        @Option(name = "--high-percent", description = "balancing: CPU or memory load above which a host is "
                + "overloaded (default 80)") Integer high;
        @Option(name = "--low-percent", description = "balancing: load below which a host is lightly loaded "
                + "(default 20)") Integer low;
        @Option(name = "--window-minutes", description = "balancing: CPU averaging window (default 5)") Integer window;
        @Option(name = "--max-migrations", description = "balancing: migrations a run has going at once (default 2)")
        Integer maxMigrations;

        /** The balancing options given, or null when none is. */
        BalancingSettings balancingSettings() {
            return balancing == null && high == null && low == null && window == null && maxMigrations == null ? null
                    : new BalancingSettings(balancing, high, low, window, maxMigrations);
        }
    }

    @Service
    @Command(scope = "ovm", name = "cluster-add", description = "Create a cluster in a zone")
    public static class ClusterAdd extends ClusterSettingsAction {
        @Argument(index = 0, name = "name", required = true, description = "cluster name") private String name;
        @Option(name = "--zone", required = true, description = "zone id") @Completion(IdCompleters.Zone.class)
        private String zoneId;
        @Option(name = "--type", description = "hypervisor type of its hosts") private String type;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("cluster " + clusters.create(Shell.caller(auth),
                        new ClusterRequest(name, zoneId, type, cpu, memory, policy,
                                balancingSettings())).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "cluster-set", description = "Change a cluster's placement policy, "
            + "overcommit ratios or balancing settings")
    public static class ClusterSet extends ClusterSettingsAction {
        @Argument(index = 0, name = "id", required = true, description = "cluster id")
        @Completion(IdCompleters.Cluster.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var cluster = clusters.update(Shell.caller(auth), id, new ClusterUpdate(cpu, memory, policy,
                        balancingSettings()));
                System.out.println("cluster " + cluster.id() + " policy " + cluster.placementPolicy()
                        + ", cpu overcommit " + cluster.cpuOvercommit() + ", memory overcommit "
                        + cluster.memoryOvercommit() + ", " + cluster.balancing().describe());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "cluster-delete", description = "Delete a cluster without hosts")
    public static class ClusterDelete implements Action {
        @Reference private ClusterService clusters;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "cluster id")
        @Completion(IdCompleters.Cluster.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                clusters.delete(Shell.caller(auth), id);
                System.out.println("cluster " + id + " deleted");
                return null;
            });
        }
    }
}
