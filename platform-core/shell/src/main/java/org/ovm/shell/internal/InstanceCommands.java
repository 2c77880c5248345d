package org.ovm.shell.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import org.ovm.core.console.ConsoleService;
import org.ovm.core.console.ConsoleTicket;
import org.ovm.core.console.ConsoleView;
import org.ovm.core.instance.AdoptRequest;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.InstanceView;
import org.ovm.core.instance.ResizeRequest;
import org.ovm.core.network.NicRequest;
import org.ovm.core.task.TaskView;

/** ovm:instance-* commands. */
public final class InstanceCommands {

    private InstanceCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "instance-list", description = "List instances")
    public static class List_ implements Action {
        @Reference private InstanceService instances;
        @Reference private AuthService auth;
        @Option(name = "--host", description = "only on this host") @Completion(IdCompleters.Host.class)
        private String hostId;
        @Option(name = "--state", description = "only in this state") private String state;
        @Option(name = "--tag", description = "only with this tag") private String tag;
        @Option(name = "--search", description = "only those whose name contains this (any case)") private String search;
        @Option(name = "--sort", description = "name, createdAt, state, cpus or memoryMiB; -field for descending")
        private String sort;
        @Option(name = "--limit", description = "at most this many") private int limit = 100;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Map<String, String> filters = new HashMap<>();
                if (hostId != null) {
                    filters.put("hostId", hostId);
                }
                if (state != null) {
                    filters.put("state", state);
                }
                if (tag != null) {
                    filters.put("tag", tag);
                }
                var page = instances.list(Shell.caller(auth), new Filters(filters, search),
                        new PageRequest(limit, 0, sort));
                Shell.table(page.items(), List.of("ID", "Name", "State", "CPUs", "Memory MiB", "Host", "VDC", "Owner",
                        "Tags", "Managed"), i -> List.of(i.id(), i.name(), i.state(), i.cpus(), i.memoryMiB(),
                                Shell.orDash(i.hostName()), Shell.orDash(i.vdcName()), Shell.orDash(i.owner()),
                                i.tags().isEmpty() ? "-" : String.join(",", i.tags()), i.managed()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-create", description = "Create an instance on a host, "
            + "in a cluster or zone (placement chooses the host), or, naming none, in the default zone")
    public static class Create extends TaskCommand.NoWait {
        @Reference private InstanceService instances;
        @Argument(index = 0, name = "name", required = true, description = "instance name") private String name;
        @Option(name = "--host", description = "host id (or --cluster or --zone; none: the default zone)")
        @Completion(IdCompleters.Host.class) private String hostId;
        @Option(name = "--cluster", description = "cluster id: its placement policy chooses the host")
        @Completion(IdCompleters.Cluster.class) private String clusterId;
        @Option(name = "--cpus", description = "vCPUs (default 1)") private int cpus = 1;
        @Option(name = "--memory", description = "memory in MiB (default 512)") private long memory = 512;
        @Option(name = "--vdc", description = "owning VDC id") private String vdcId;
        @Option(name = "--start", description = "power on once created") private boolean start;
        @Option(name = "--image", description = "template id to clone the boot disk from") private String imageId;
        @Option(name = "--clone-mode", description = "linked (default) or full") private String cloneMode;
        @Option(name = "--pool", description = "storage pool id for the disk") private String poolId;
        @Option(name = "--disk-gib", description = "disk size in GiB") private Long diskGiB;
        @Option(name = "--iso", description = "ISO image id to attach as a CD-ROM") private String isoImageId;
        @Option(name = "--zone", description = "zone id: place on any of its clusters (default policy)")
        @Completion(IdCompleters.Zone.class) private String zoneId;
        @Option(name = "--only-hosts", multiValued = true, description = "without --host: the only hosts "
                + "placement may choose (repeat)") @Completion(IdCompleters.Host.class) private List<String> onlyHosts;
        @Option(name = "--nic", multiValued = true, description = "network id, or networkId:ip for a fixed address "
                + "(repeat for more NICs)") @Completion(IdCompleters.Network.class) private List<String> nics;
        @Option(name = "--affinity-group", description = "affinity group to join")
        @Completion(IdCompleters.AffinityGroup.class) private String affinityGroupId;
        @Option(name = "--guest-os", description = "guest OS id as the hypervisor names it (ESXi: ubuntu64Guest, "
                + "otherGuest64, ...)") private String guestOs;
        @Option(name = "--ha", description = "restart it on another host of the cluster when its host fails and an "
                + "admin confirms that host powered off (every disk must be on a shared pool)") private boolean ha;
        @Option(name = "--ha-priority", description = "among a failed host's HA instances, higher restarts first "
                + "(-1000..1000, default 0)") private Integer haPriority;

        @Override
        TaskView start(Caller caller) {
            List<NicRequest> nicRequests = nics == null ? null : nics.stream().map(n -> {
                int colon = n.indexOf(':');
                return colon < 0 ? new NicRequest(n, null)
                        : new NicRequest(n.substring(0, colon), n.substring(colon + 1));
            }).toList();
            var task = instances.create(caller, new InstanceRequest(name, cpus, memory, hostId, vdcId, start, imageId,
                    cloneMode, poolId, diskGiB, isoImageId, clusterId, onlyHosts, nicRequests, affinityGroupId,
                    zoneId, null, guestOs, null, ha ? Boolean.TRUE : null, haPriority));
            System.out.println("instance " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-show", description = "Show an instance")
    public static class Show implements Action {
        @Reference private InstanceService instances;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                InstanceView i = instances.get(Shell.caller(auth), id);
                System.out.printf("%s (%s)%n  state: %s%n  cpus: %d, memory: %d MiB%n  host: %s%n  vdc: %s%n"
                        + "  managed: %s, backend id: %s%n", i.name(), i.id(), i.state(), i.cpus(), i.memoryMiB(),
                        i.hostId(), i.vdcId(), i.managed(), i.backendId());
                if (i.affinityGroupId() != null) {
                    System.out.println("  affinity group: " + i.affinityGroupId());
                }
                if (i.ha()) {
                    System.out.println("  ha: priority " + i.haPriority() + (i.haBlocker() == null
                            ? ", restarts elsewhere when its host fails" : ", would not restart: " + i.haBlocker()));
                }
                for (var nic : i.nics()) {
                    System.out.printf("  nic%d: %s on network %s (mac %s)%s%n", nic.index(), nic.ip(), nic.networkId(),
                            nic.mac(), nic.securityGroupIds().isEmpty() ? ""
                                    : ", security groups " + String.join(", ", nic.securityGroupIds()));
                }
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-console", description = "Where a running instance's console is; "
            + "--ticket also issues a one-time websocket path for a VNC-over-websocket client (noVNC); --serial one "
            + "for the virtual machine's serial console (a text websocket, like the portal's terminal)")
    public static class Console implements Action {
        @Reference private InstanceService instances;
        @Reference private ConsoleService consoles;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String id;
        @Option(name = "--ticket", description = "issue a one-time ticket (valid 60 s)") private boolean ticket;
        @Option(name = "--serial", description = "issue a one-time ticket (valid 60 s) for the serial console instead; "
                + "opening it takes the serial port over from any other client") private boolean serial;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                if (serial) {
                    ConsoleTicket t = consoles.issueSerial(Shell.caller(auth), id);
                    System.out.println("serial console websocket (one connection, until " + t.expiresAt() + "): "
                            + t.path());
                    return null;
                }
                ConsoleView c = instances.console(Shell.caller(auth), id);
                System.out.printf("%s console on %s:%d (hypervisor host %s)%n", c.protocol(), c.listen(), c.port(),
                        c.hypervisorHost() == null ? "local" : c.hypervisorHost());
                if (c.serialLog() != null) {
                    System.out.println("serial log on the host: " + c.serialLog());
                }
                if (ticket) {
                    ConsoleTicket t = consoles.issue(Shell.caller(auth), id);
                    System.out.println("websocket (one connection, until " + t.expiresAt() + "): " + t.path());
                }
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-adopt", description = "Adopt a discovered instance without touching it")
    public static class Adopt implements Action {
        @Reference private InstanceService instances;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String id;
        @Option(name = "--vdc", description = "VDC that will own it") private String vdcId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                InstanceView adopted = instances.adopt(Shell.caller(auth), id, new AdoptRequest(vdcId));
                System.out.println("instance " + adopted.name() + " is managed (" + adopted.state() + ")");
                return null;
            });
        }
    }

    /** Base of the power and delete commands: one instance id, wait by default. */
    abstract static class InstanceAction extends TaskCommand.NoWait {
        @Reference InstanceService instances;
        @Argument(index = 0, name = "id", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) String id;
    }

    @Service
    @Command(scope = "ovm", name = "instance-start", description = "Power an instance on")
    public static class Start extends InstanceAction {
        @Override
        TaskView start(Caller caller) {
            return instances.start(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-stop", description = "Power an instance off")
    public static class Stop extends InstanceAction {
        @Option(name = "--force", description = "cut power instead of asking the guest") boolean force;
        @Option(name = "--timeout", description = "seconds the guest gets to shut down (default 60)") Integer timeout;

        @Override
        TaskView start(Caller caller) {
            return instances.stop(caller, id, force, timeout);
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-resize", description = "Change a stopped instance's vCPUs and memory")
    public static class Resize extends InstanceAction {
        @Option(name = "--cpus", description = "new vCPU count") Integer cpus;
        @Option(name = "--memory", description = "new memory in MiB") Long memory;

        @Override
        TaskView start(Caller caller) {
            return instances.resize(caller, id, new ResizeRequest(cpus, memory));
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-reboot", description = "Reboot an instance")
    public static class Reboot extends InstanceAction {
        @Override
        TaskView start(Caller caller) {
            return instances.reboot(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-delete", description = "Delete an instance")
    public static class Delete extends InstanceAction {
        @Option(name = "--keep-volumes", description = "detach its volumes instead of deleting them") boolean keep;

        @Override
        TaskView start(Caller caller) {
            return instances.delete(caller, id, !keep);
        }
    }
}
