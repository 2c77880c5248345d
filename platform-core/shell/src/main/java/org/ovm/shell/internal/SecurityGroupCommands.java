package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.network.security.SecurityGroupRequest;
import org.ovm.core.network.security.SecurityGroupRuleRequest;
import org.ovm.core.network.security.SecurityGroupRuleView;
import org.ovm.core.network.security.SecurityGroupService;
import org.ovm.core.task.TaskView;

/** ovm:security-group-* and ovm:instance-nic-groups commands. */
public final class SecurityGroupCommands {

    private SecurityGroupCommands() {
    }

    /** Offers the ids of security groups. */
    @Service
    public static class GroupIds extends IdCompleters.IdCompleter {
        @Reference private SecurityGroupService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0)).items(),
                    v -> v.id());
        }
    }

    /** A rule in one line: {@code ingress tcp 22 from 0.0.0.0/0}. */
    static String describe(SecurityGroupRuleView r) {
        String ports = r.portMin() == null ? ""
                : " " + r.portMin() + (r.portMin().equals(r.portMax()) ? "" : "-" + r.portMax());
        String peer = r.remoteGroupId() != null ? "group " + r.remoteGroupId() : r.remoteCidr();
        return r.direction() + " " + r.protocol() + ports + ("ingress".equals(r.direction()) ? " from " : " to ")
                + peer;
    }

    @Service
    @Command(scope = "ovm", name = "security-group-list", description = "List security groups with their rules and "
            + "members")
    public static class GroupList implements Action {
        @Reference private SecurityGroupService groups;
        @Reference private AuthService auth;
        @Option(name = "--rules", description = "also print every rule (with its id)") private boolean rules;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = groups.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "VDC", "Rules", "Members"), g -> List.of(g.id(),
                        g.name(), g.vdcId(), g.rules().size(), g.members().stream()
                                .map(m -> m.instanceName() + "/nic" + m.nicIndex()).toList()));
                if (rules) {
                    page.items().forEach(g -> g.rules().forEach(r -> System.out.println(g.name() + ": " + r.id()
                            + " " + describe(r))));
                }
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "security-group-create", description = "Create a security group (no rules: its "
            + "NICs receive nothing but replies)")
    public static class GroupCreate implements Action {
        @Reference private SecurityGroupService groups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "name", required = true, description = "group name, unique in the VDC")
        private String name;
        @Option(name = "--vdc", description = "owning VDC id (required for admins; users get their own)")
        private String vdcId;
        @Option(name = "--description", description = "free text") private String description;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("security group " + groups.create(Shell.caller(auth), new SecurityGroupRequest(name,
                        vdcId, description)).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "security-group-delete", description = "Delete a security group no NIC is in")
    public static class GroupDelete implements Action {
        @Reference private SecurityGroupService groups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "group id")
        @Completion(GroupIds.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                groups.delete(Shell.caller(auth), id);
                System.out.println("security group " + id + " deleted");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "security-group-rule-add", description = "Add an allow rule to a security group; "
            + "a task applies it to the group's NICs")
    public static class RuleAdd implements Action {
        @Reference private SecurityGroupService groups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "group", required = true, description = "group id")
        @Completion(GroupIds.class) private String groupId;
        @Option(name = "--direction", description = "ingress (default) or egress") private String direction =
                "ingress";
        @Option(name = "--protocol", required = true, description = "tcp, udp, icmp or any") private String protocol;
        @Option(name = "--port", description = "a port or a range (tcp/udp): 22 or 8000-8080; none: every port")
        private String port;
        @Option(name = "--cidr", description = "peers as an IPv4 CIDR (default 0.0.0.0/0)") private String cidr;
        @Option(name = "--remote-group", description = "peers: the NICs of this group of the same VDC")
        @Completion(GroupIds.class) private String remoteGroupId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Integer min = null;
                Integer max = null;
                if (port != null) {
                    String[] range = port.split("-", 2);
                    try {
                        min = Integer.valueOf(range[0].trim());
                        max = range.length == 2 ? Integer.valueOf(range[1].trim()) : min;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port takes a port (22) or a range (8000-8080), not "
                                + port);
                    }
                }
                var rule = groups.addRule(Shell.caller(auth), groupId, new SecurityGroupRuleRequest(direction,
                        protocol, min, max, cidr, remoteGroupId));
                System.out.println("rule " + rule.id() + ": " + describe(rule));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "security-group-rule-remove", description = "Remove a rule from a security group")
    public static class RuleRemove implements Action {
        @Reference private SecurityGroupService groups;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "group", required = true, description = "group id")
        @Completion(GroupIds.class) private String groupId;
        @Argument(index = 1, name = "rule", required = true, description = "rule id (security-group-list --rules)")
        private String ruleId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                groups.removeRule(Shell.caller(auth), groupId, ruleId);
                System.out.println("rule " + ruleId + " removed");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-nic-groups", description = "Put a NIC of an instance in exactly these "
            + "security groups (none: anti-spoofing only) and apply its policy")
    public static class NicGroups extends TaskCommand.NoWait {
        @Reference private SecurityGroupService groups;
        @Argument(index = 0, name = "instance", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String instanceId;
        @Argument(index = 1, name = "index", required = true, description = "NIC index (0 for the first)")
        private int index;
        @Argument(index = 2, name = "group", multiValued = true, description = "security group ids (none: no group)")
        @Completion(GroupIds.class) private List<String> groupIds;

        @Override
        TaskView start(Caller caller) {
            var task = groups.setNicGroups(caller, instanceId, index, groupIds == null ? List.of() : groupIds);
            return task;
        }
    }
}
