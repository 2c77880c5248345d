package org.ovm.shell.internal;

import java.util.HashMap;
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
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.host.CertificateRequest;
import org.ovm.core.host.HostRequest;
import org.ovm.core.host.HostService;
import org.ovm.core.host.HostUpdate;
import org.ovm.core.host.HostView;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.TaskView;

/** ovm:host-* commands. */
public final class HostCommands {

    private HostCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "host-list", description = "List hosts")
    public static class List_ implements Action {
        @Reference private HostService hosts;
        @Reference private AuthService auth;
        @Option(name = "--state", description = "only hosts in this state") private String state;
        @Option(name = "--type", description = "only hosts of this type") private String type;
        @Option(name = "--limit", description = "at most this many") private int limit = 100;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Map<String, String> filters = new HashMap<>();
                if (state != null) {
                    filters.put("state", state);
                }
                if (type != null) {
                    filters.put("type", type);
                }
                var page = hosts.list(Shell.caller(auth), new Filters(filters), new PageRequest(limit, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Type", "State", "CPUs", "Memory MiB", "Alloc MiB",
                        "URI", "Reason"), h -> List.of(h.id(), h.name(), h.type(), h.state(), h.cpus(), h.memoryMiB(),
                                h.allocatedMemoryMiB(), h.uri(), h.stateReason() == null ? "" : h.stateReason()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-add", description = "Add a host and connect to it")
    public static class Add extends TaskCommand.NoWait {
        @Reference private HostService hosts;
        @Argument(index = 0, name = "name", required = true, description = "host name") private String name;
        @Argument(index = 1, name = "type", required = true, description = "hypervisor type (kvm, esxi, docker, "
                + "simulator)") private String type;
        @Argument(index = 2, name = "uri", required = true, description = "endpoint URI") private String uri;
        @Option(name = "--cluster", description = "cluster id") @Completion(IdCompleters.Cluster.class)
        private String clusterId;
        @Option(name = "--username", description = "backend user") private String username;
        @Option(name = "--password", description = "backend password (stored encrypted)") private String password;
        @Option(name = "--setting", multiValued = true, description = "driver setting key=value, e.g. "
                + "domainType=qemu (repeatable)") private List<String> settings;
        @Option(name = "--secret-file", multiValued = true, description = "driver secret from a file on the engine's "
                + "machine, key=path, stored encrypted: tlsCa=ca.pem tlsCert=cert.pem tlsKey=key.pem for a Docker "
                + "engine over tcp:// (repeatable)") private List<String> secretFiles;

        @Override
        TaskView start(Caller caller) {
            Map<String, String> secrets = new LinkedHashMap<>();
            for (Map.Entry<String, String> file : ContainerCommands.pairs("--secret-file", secretFiles, "=")
                    .entrySet()) {
                try {
                    secrets.put(file.getKey(), java.nio.file.Files.readString(java.nio.file.Path.of(file.getValue())));
                } catch (java.io.IOException e) {
                    throw OvmException.invalid("secrets." + file.getKey(), "cannot read " + file.getValue() + ": "
                            + e.getMessage());
                }
            }
            Map<String, String> parsed = Shell.settings(settings);
            var task = hosts.add(caller, new HostRequest(name, type, uri, clusterId, username, password, parsed,
                    secrets));
            System.out.println("host " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-show", description = "Show a host with its facts")
    public static class Show implements Action {
        @Reference private HostService hosts;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "host id") @Completion(IdCompleters.Host.class)
        private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                HostView h = hosts.get(Shell.caller(auth), id);
                System.out.printf("%s (%s) %s %s%n  state: %s %s%n  cpu: %s x %d, memory %d MiB, %s%n"
                        + "  allocated: %d vCPUs, %d MiB%n", h.name(), h.id(), h.type(), h.uri(), h.state(),
                        h.stateReason() == null ? "" : h.stateReason(), h.cpuModel(), h.cpus(), h.memoryMiB(),
                        h.hypervisorVersion(), h.allocatedCpus(), h.allocatedMemoryMiB());
                if (h.storageReason() != null) {
                    System.out.println("  storage: " + h.storageReason());
                }
                System.out.println("  power management: " + PowerCommands.describe(h.powerManagement()));
                if (h.fencedAt() != null) {
                    System.out.println("  known powered off since " + h.fencedAt() + " (" + h.fencedBy() + ")");
                }
                h.facts().forEach((k, v) -> System.out.println("  " + k + ": " + v));
                return null;
            });
        }
    }

    /** Base of the host commands that start a task on one host and wait for it. */
    abstract static class HostTask extends TaskCommand {
        @Reference HostService hosts;
        @Argument(index = 0, name = "id", required = true, description = "host id") @Completion(IdCompleters.Host.class)
        String id;
    }

    @Service
    @Command(scope = "ovm", name = "host-refresh", description = "Probe a host again")
    public static class Refresh extends HostTask {
        @Override
        TaskView start(Caller caller) {
            return hosts.refresh(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-maintenance", description = "Put a host into maintenance (no placement, "
            + "no starts, no monitoring); running instances are moved live to other hosts of its cluster first "
            + "(PREPARING_FOR_MAINTENANCE until then)")
    public static class Maintenance implements Action {
        @Reference private HostService hosts;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "host id") @Completion(IdCompleters.Host.class)
        private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var host = hosts.enterMaintenance(Shell.caller(auth), id);
                System.out.println("host " + host.name() + " is " + host.state() + " (" + host.stateReason() + ")");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-activate", description = "Take a host out of maintenance and reconnect it")
    public static class Activate extends HostTask {
        @Override
        TaskView start(Caller caller) {
            return hosts.activate(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-confirm-down", description = "Confirm that a DOWN or NON_RESPONSIVE host is "
            + "powered off (your word: OVM cannot check it): its HA instances restart on other hosts of its cluster")
    public static class ConfirmDown extends HostTask {
        @Override
        TaskView start(Caller caller) {
            return hosts.confirmDown(caller, id);
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-certificate", description = "Show the TLS certificate an address presents "
            + "(to pin it with host-add --setting thumbprint=...)")
    public static class Certificate implements Action {
        @Reference private HostService hosts;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "uri", required = true, description = "https://host[:port]/sdk or tcp://host:port")
        private String uri;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var cert = hosts.certificate(Shell.caller(auth), new CertificateRequest(uri));
                System.out.println("SHA-256     " + cert.sha256());
                System.out.println("subject     " + cert.subject());
                System.out.println("issuer      " + cert.issuer() + (cert.selfSigned() ? " (self-signed)" : ""));
                System.out.println("valid       " + cert.notBefore() + " to " + cert.notAfter());
                System.out.println("to pin it:  host-add ... --setting thumbprint=" + cert.sha256());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-set", description = "Change a host: rename it, move it to another cluster "
            + "of its type, change its driver settings, URI or credentials (these reconnect it)")
    public static class Edit implements Action {
        @Reference private HostService hosts;
        @Reference private TaskService tasks;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "host id") @Completion(IdCompleters.Host.class)
        private String id;
        @Option(name = "--name", description = "new name") private String name;
        @Option(name = "--cluster", description = "cluster id to move the host to; \"\" takes it out of its cluster")
        @Completion(IdCompleters.Cluster.class) private String clusterId;
        @Option(name = "--uri", description = "new endpoint URI") private String uri;
        @Option(name = "--setting", multiValued = true, description = "driver setting key=value to set (repeatable)")
        private List<String> settings;
        @Option(name = "--remove-setting", multiValued = true, description = "driver setting to remove (repeatable)")
        private List<String> removed;
        @Option(name = "--username", description = "backend user (\"\" clears it)") private String username;
        @Option(name = "--password", description = "backend password (stored encrypted)") private String password;
        @Option(name = "--no-wait", description = "return without waiting for the reconnect task") private boolean noWait;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var caller = Shell.caller(auth);
                Map<String, String> changes = null;
                if (settings != null || removed != null) {
                    changes = new HashMap<>(ContainerCommands.pairs("--setting", settings, "="));
                    for (String key : removed == null ? List.<String>of() : removed) {
                        changes.put(key, null);
                    }
                }
                var updated = hosts.update(caller, id, new HostUpdate(name, clusterId, uri, changes, username,
                        password, null));
                HostView h = updated.host();
                System.out.println("host " + h.name() + " (" + h.id() + ") cluster " + (h.clusterId() == null ? "(none)"
                        : h.clusterId()) + ", settings " + h.settings());
                if (updated.reconnect() != null) {
                    Shell.follow(tasks, caller, updated.reconnect(), noWait);
                }
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-delete", description = "Remove a host that has no instances")
    public static class Delete implements Action {
        @Reference private HostService hosts;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "host id") @Completion(IdCompleters.Host.class)
        private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                hosts.delete(Shell.caller(auth), id);
                System.out.println("host " + id + " removed");
                return null;
            });
        }
    }
}
