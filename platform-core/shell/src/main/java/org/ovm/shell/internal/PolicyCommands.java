package org.ovm.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;
import org.ovm.core.placement.PlacementPolicyRequest;
import org.ovm.core.placement.PlacementPolicyService;
import org.ovm.core.placement.PlacementRequestView;
import org.ovm.core.placement.PlacementService;

/** ovm:policy-*, ovm:scheduler-plugins and ovm:placement-explain commands. */
public final class PolicyCommands {

    private PolicyCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "policy-list", description = "List placement policies")
    public static class PolicyList implements Action {
        @Reference private PlacementPolicyService policies;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(policies.list(Shell.caller(auth)), List.of("ID", "Name", "Scorers", "Filters", "Parameters",
                        "Default", "Clusters"), p -> List.of(p.id(), p.name() + (p.builtIn() ? " (built in)" : ""),
                                p.scorers(), String.join(",", p.filters()), p.parameters(), p.defaultPolicy() ? "yes" : "",
                                String.join(",", p.clusters())));
                return null;
            });
        }
    }

    /** The definition of a policy, shared by policy-add and policy-set. */
    abstract static class PolicyDefinition implements Action {
        @Reference PlacementPolicyService policies;
        @Reference AuthService auth;
        @Option(name = "--scorer", required = true, multiValued = true, description = "name=weight, e.g. "
                + "free-memory=2 (repeat)") List<String> scorers;
        @Option(name = "--filter", multiValued = true, description = "extra filter by plugin name (repeat)")
        List<String> filters;
        @Option(name = "--param", multiValued = true, description = "key=value, e.g. tieBreak=name (repeat)")
        List<String> parameters;
        @Option(name = "--description", description = "free text") String description;

        PlacementPolicyRequest request(String name) {
            Map<String, Integer> weights = new LinkedHashMap<>();
            for (String scorer : scorers) {
                String[] kv = scorer.split("=", 2);
                try {
                    weights.put(kv[0], kv.length == 2 ? Integer.valueOf(kv[1]) : 1);
                } catch (NumberFormatException e) {
                    throw OvmException.invalid("scorers", "use --scorer name=weight, got " + scorer);
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String parameter : parameters == null ? List.<String>of() : parameters) {
                String[] kv = parameter.split("=", 2);
                if (kv.length != 2) {
                    throw OvmException.invalid("parameters", "use --param key=value, got " + parameter);
                }
                params.put(kv[0], kv[1]);
            }
            return new PlacementPolicyRequest(name, description, filters, weights, params);
        }
    }

    @Service
    @Command(scope = "ovm", name = "policy-add", description = "Create a placement policy")
    public static class PolicyAdd extends PolicyDefinition {
        @Argument(index = 0, name = "name", required = true, description = "policy name") private String name;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("placement policy " + policies.create(Shell.caller(auth), request(name)).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "policy-set", description = "Replace a custom placement policy")
    public static class PolicySet extends PolicyDefinition {
        @Argument(index = 0, name = "id", required = true, description = "policy id")
        @Completion(IdCompleters.Policy.class) private String id;
        @Option(name = "--name", description = "new name (default: unchanged)") private String name;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var caller = Shell.caller(auth);
                String newName = name != null ? name : policies.get(caller, id).name();
                System.out.println("placement policy " + policies.update(caller, id, request(newName)).id()
                        + " updated");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "policy-default", description = "Make a placement policy the default")
    public static class PolicyDefault implements Action {
        @Reference private PlacementPolicyService policies;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "policy id or name")
        @Completion(IdCompleters.Policy.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("placement policy " + policies.makeDefault(Shell.caller(auth), id).name()
                        + " is the default");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "policy-delete", description = "Delete a custom placement policy")
    public static class PolicyDelete implements Action {
        @Reference private PlacementPolicyService policies;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "policy id")
        @Completion(IdCompleters.Policy.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                policies.delete(Shell.caller(auth), id);
                System.out.println("placement policy " + id + " deleted");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "scheduler-plugins", description = "List the filters and scorers policies can name")
    public static class SchedulerPlugins implements Action {
        @Reference private PlacementPolicyService policies;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(policies.plugins(Shell.caller(auth)), List.of("Name", "Kind", "Source", "Mandatory"),
                        p -> List.of(p.name(), p.kind(), p.source(), p.mandatory() ? "yes" : ""));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "placement-explain", description = "Rank the hosts a create would consider, with "
            + "the reason for every rejected one")
    public static class Explain implements Action {
        @Reference private PlacementService placement;
        @Reference private AuthService auth;
        @Option(name = "--cluster", description = "cluster id") @Completion(IdCompleters.Cluster.class)
        private String clusterId;
        @Option(name = "--zone", description = "zone id") @Completion(IdCompleters.Zone.class) private String zoneId;
        @Option(name = "--cpus", description = "vCPUs (default 1)") private int cpus = 1;
        @Option(name = "--memory", description = "memory in MiB (default 512)") private long memory = 512;
        @Option(name = "--pool", description = "storage pool of the disk") private String poolId;
        @Option(name = "--network", multiValued = true, description = "network of a NIC (repeat)")
        @Completion(IdCompleters.Network.class) private List<String> networkIds;
        @Option(name = "--affinity-group", description = "group the instance would join")
        @Completion(IdCompleters.AffinityGroup.class) private String groupId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var explained = placement.explain(Shell.caller(auth), new PlacementRequestView(clusterId, zoneId, null,
                        cpus, memory, poolId, networkIds, groupId));
                System.out.println("policy " + explained.policy());
                Shell.table(explained.hosts(), List.of("Host", "Score", "Verdict"), h -> List.of(h.name(),
                        h.accepted() ? h.score() : "", h.accepted() ? "ok" : h.reason()));
                return null;
            });
        }
    }
}
