package org.ovm.shell.internal;

import java.util.Arrays;
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
import org.ovm.core.storage.PoolHostRequest;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.storage.StoragePoolService;
import org.ovm.core.storage.StoragePoolView;
import org.ovm.core.task.TaskView;

/** ovm:pool-* commands: list, show, add, attach to and detach from hosts, delete. */
public final class PoolCommands {

    private static final long GIB = 1024L * 1024 * 1024;

    private PoolCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "pool-list", description = "List storage pools")
    public static class PoolList implements Action {
        @Reference private StoragePoolService pools;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = pools.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Type", "State", "Hosts", "Total GiB", "Free GiB",
                        "Alloc GiB", "Ratio", "URI"),
                        p -> List.of(p.id(), p.name(), p.type(), p.state(), hosts(p), p.totalBytes() / GIB,
                                p.availableBytes() / GIB, p.allocatedBytes() / GIB, Shell.orDash(p.overcommitRatio()),
                                Shell.orDash(p.uri())));
                return null;
            });
        }
    }

    private static String hosts(StoragePoolView pool) {
        if (pool.clusterId() != null) {
            return "cluster " + pool.clusterId() + " (" + (pool.hostIds() == null ? 0 : pool.hostIds().size()) + ")";
        }
        return pool.hostIds() == null ? "-" : String.join(",", pool.hostIds());
    }

    @Service
    @Command(scope = "ovm", name = "pool-show", description = "Show a storage pool with its state on each host")
    public static class PoolShow implements Action {
        @Reference private StoragePoolService pools;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "pool id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                StoragePoolView p = pools.get(Shell.caller(auth), id);
                System.out.println(p.name() + " (" + p.type() + ") " + p.state()
                        + (p.stateReason() == null ? "" : ": " + p.stateReason()));
                System.out.println("uri " + p.uri() + ", " + (p.shared() ? "shared" : "one host") + ", "
                        + p.totalBytes() / GIB + " GiB, " + p.availableBytes() / GIB + " GiB free, "
                        + p.allocatedBytes() / GIB + " GiB allocated, overcommitRatio "
                        + (p.overcommitRatio() == null ? "none" : p.overcommitRatio()));
                Shell.table(p.hosts(), List.of("Host", "Name", "State", "Checked", "Reason"),
                        h -> List.of(h.hostId(), Shell.orDash(h.hostName()), h.state(), h.checkedAt(),
                                Shell.orDash(h.reason())));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "pool-add", description = "Add a storage pool to a host, the hosts of a cluster or "
            + "a list of hosts")
    public static class PoolAdd extends TaskCommand {
        @Reference private StoragePoolService pools;
        @Argument(index = 0, name = "name", required = true, description = "pool name") private String name;
        @Argument(index = 1, name = "uri", required = true, description = "e.g. file:///var/lib/ovm/pool or "
                + "nfs://server/export") private String uri;
        @Option(name = "--host", description = "the one host of the pool") @Completion(IdCompleters.Host.class)
        private String hostId;
        @Option(name = "--cluster", description = "every host of this cluster, now and later (shared pools)")
        @Completion(IdCompleters.Cluster.class) private String clusterId;
        @Option(name = "--hosts", description = "these hosts, comma-separated ids (shared pools)") private String hostIds;
        @Option(name = "--overcommit", description = "overcommit ratio 1.0..100 (default: no limit)")
        private Double overcommit;
        @Option(name = "--setting", multiValued = true, description = "driver setting key=value (repeatable)")
        private List<String> settings;
        @Option(name = "--type", description = "storage type (default local)") private String type = "local";

        @Override
        TaskView start(Caller caller) {
            Map<String, String> parsed = Shell.settings(settings);
            List<String> hosts = hostIds == null ? null
                    : Arrays.stream(hostIds.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
            var task = pools.create(caller, new StoragePoolRequest(name, type, uri, hostId, clusterId, hosts,
                    overcommit, parsed.isEmpty() ? null : parsed));
            System.out.println("pool " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "pool-attach", description = "Attach a shared storage pool to one more host")
    public static class PoolAttach extends TaskCommand {
        @Reference private StoragePoolService pools;
        @Argument(index = 0, name = "pool", required = true, description = "pool id") private String id;
        @Argument(index = 1, name = "host", required = true, description = "host id")
        @Completion(IdCompleters.Host.class) private String hostId;

        @Override
        TaskView start(Caller caller) {
            return pools.attachHost(caller, id, new PoolHostRequest(hostId));
        }
    }

    @Service
    @Command(scope = "ovm", name = "pool-detach", description = "Detach a storage pool from one of its hosts")
    public static class PoolDetach extends TaskCommand {
        @Reference private StoragePoolService pools;
        @Argument(index = 0, name = "pool", required = true, description = "pool id") private String id;
        @Argument(index = 1, name = "host", required = true, description = "host id")
        @Completion(IdCompleters.Host.class) private String hostId;

        @Override
        TaskView start(Caller caller) {
            return pools.detachHost(caller, id, hostId);
        }
    }

    @Service
    @Command(scope = "ovm", name = "pool-delete", description = "Remove an empty storage pool")
    public static class PoolDelete extends TaskCommand {
        @Reference private StoragePoolService pools;
        @Argument(index = 0, name = "id", required = true, description = "pool id") private String id;

        @Override
        TaskView start(Caller caller) {
            return pools.delete(caller, id);
        }
    }
}
