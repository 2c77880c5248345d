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
import org.ovm.core.network.NetworkRequest;
import org.ovm.core.network.NetworkService;
import org.ovm.core.task.TaskView;

/** ovm:network-* commands. */
public final class NetworkCommands {

    private NetworkCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "network-list", description = "List networks with their address usage")
    public static class NetworkList implements Action {
        @Reference private NetworkService networks;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = networks.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Type", "VLAN", "CIDR", "Range", "Used", "Hosts"),
                        n -> List.of(n.id(), n.name(), n.type(), n.vlan(), n.cidr(), n.rangeStart() + "-" + n.rangeEnd(),
                                n.addressesUsed() + "/" + n.addressesTotal(), n.realizations().size()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "network-add", description = "Create a network (addresses are handed out by IPAM)")
    public static class NetworkAdd implements Action {
        @Reference private NetworkService networks;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "name", required = true, description = "network name") private String name;
        @Option(name = "--type", required = true, description = "network driver type (vlan, simulator, ...)")
        private String type;
        @Option(name = "--cidr", required = true, description = "IPv4 subnet, e.g. 10.10.0.0/24") private String cidr;
        @Option(name = "--vlan", description = "802.1Q tag (default untagged)") private Integer vlan;
        @Option(name = "--gateway", description = "gateway address") private String gateway;
        @Option(name = "--dns", description = "DNS servers, comma separated") private String dns;
        @Option(name = "--range-start", description = "first address handed out") private String rangeStart;
        @Option(name = "--range-end", description = "last address handed out") private String rangeEnd;
        @Option(name = "--cluster", description = "only this cluster's hosts reach it")
        @Completion(IdCompleters.Cluster.class) private String clusterId;
        @Option(name = "--ipv6-cidr", description = "IPv6 prefix (/48 to /128), stored but not realized yet")
        private String ipv6Cidr;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var network = networks.create(Shell.caller(auth), new NetworkRequest(name, type, vlan, cidr, gateway,
                        dns, rangeStart, rangeEnd, clusterId, ipv6Cidr));
                System.out.println("network " + network.id() + " (" + network.rangeStart() + "-" + network.rangeEnd()
                        + ", " + network.addressesTotal() + " addresses)");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "network-delete", description = "Delete a network no NIC uses: removes it from "
            + "every host it is realized on, then deletes it")
    public static class NetworkDelete extends TaskCommand.NoWait {
        @Reference private NetworkService networks;
        @Argument(index = 0, name = "id", required = true, description = "network id")
        @Completion(IdCompleters.Network.class) private String id;

        @Override
        TaskView start(Caller caller) {
            return networks.delete(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "network-hosts", description = "List the hosts a network is realized on")
    public static class NetworkHosts implements Action {
        @Reference private NetworkService networks;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "network id")
        @Completion(IdCompleters.Network.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(networks.get(Shell.caller(auth), id).realizations(), List.of("Host", "State", "Port",
                        "Reason", "Updated"), r -> List.of(r.hostName() == null ? r.hostId() : r.hostName(), r.state(),
                                Shell.orDash(r.portRef()), Shell.orDash(r.reason()), r.updatedAt()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "network-addresses", description = "List the addresses of a network in use")
    public static class NetworkAddresses implements Action {
        @Reference private NetworkService networks;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "network id")
        @Completion(IdCompleters.Network.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(networks.addresses(Shell.caller(auth), id), List.of("Address", "MAC", "Role", "Instance",
                        "NIC", "VDC", "Host"), a -> List.of(a.address(), a.mac(), a.role(), Shell.orDash(a.instanceId()),
                                Shell.orDash(a.nic()), Shell.orDash(a.vdcId()), Shell.orDash(a.hostId())));
                return null;
            });
        }
    }
}
