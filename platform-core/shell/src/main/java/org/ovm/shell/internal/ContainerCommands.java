package org.ovm.shell.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;
import org.ovm.core.instance.ContainerRequest;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.network.NicRequest;
import org.ovm.core.task.TaskView;

/** ovm:container-create and ovm:instance-logs: containers from the shell. */
public final class ContainerCommands {

    private ContainerCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "container-create", description = "Create a container on a container host: "
            + "container-create --host H --image REF [options] NAME [COMMAND ARGS...] (options before the name)")
    public static class Create extends TaskCommand.NoWait {
        @Reference private InstanceService instances;
        @Argument(index = 0, name = "name", required = true, description = "container name") private String name;
        @Argument(index = 1, name = "command", multiValued = true, description = "command and arguments (default: "
                + "the image's)") private List<String> command;
        @Option(name = "--host", description = "container host id (or --cluster; none: the default zone)") @Completion(IdCompleters.Host.class)
        private String hostId;
        @Option(name = "--cluster", description = "cluster id: its placement policy chooses the host")
        private String clusterId;
        @Option(name = "--image", required = true, description = "image reference on the host, e.g. busybox:latest")
        private String image;
        @Option(name = "--cpus", description = "CPU limit (default 1)") private int cpus = 1;
        @Option(name = "--memory", description = "memory limit in MiB (default 256)") private long memory = 256;
        @Option(name = "--vdc", description = "owning VDC id") private String vdcId;
        @Option(name = "--start", description = "start it once created") private boolean start;
        @Option(name = "--env", multiValued = true, description = "environment variable KEY=VALUE (repeat)")
        private List<String> env;
        @Option(name = "--port", multiValued = true, description = "published port [hostIp:]hostPort:containerPort"
                + "[/udp], or containerPort alone (repeat)") private List<String> ports;
        @Option(name = "--volume", multiValued = true, description = "engine volume name:/target[:ro] (repeat)")
        private List<String> volumes;
        @Option(name = "--label", multiValued = true, description = "label key=value (repeat)") private List<String> labels;
        @Option(name = "--entrypoint", description = "replace the image's entrypoint (one program)")
        private String entrypoint;
        @Option(name = "--restart", description = "no (default), always, unless-stopped, on-failure[:N]")
        private String restart;
        @Option(name = "--nic", multiValued = true, description = "network id, or networkId:ip (repeat)")
        private List<String> nics;

        @Override
        TaskView start(Caller caller) {
            ContainerRequest container = new ContainerRequest(image, command, entrypoint == null ? null
                    : List.of(entrypoint), pairs("--env", env, "="), ports(ports), restart, volumes(volumes),
                    pairs("--label", labels, "="));
            List<NicRequest> nicRequests = nics == null ? null : nics.stream().map(n -> {
                int colon = n.indexOf(':');
                return colon < 0 ? new NicRequest(n, null)
                        : new NicRequest(n.substring(0, colon), n.substring(colon + 1));
            }).toList();
            var task = instances.create(caller, new InstanceRequest(name, cpus, memory, hostId, vdcId, start,
                    null, null, null, null, null, clusterId, null, nicRequests, null, null, container));
            System.out.println("container " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "instance-logs", description = "A container's output (stdout and stderr)")
    public static class Logs implements Action {
        @Reference private InstanceService instances;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "instance id")
        @Completion(IdCompleters.Instance.class) private String id;
        @Option(name = "--tail", description = "the last N lines only") private Integer tail;
        @Option(name = "--since", description = "ISO-8601 instant, epoch seconds, or an age such as 10m")
        private String since;
        @Option(name = "--follow", description = "keep printing new output until the container stops (Ctrl-C ends)")
        private boolean follow;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var logs = instances.logs(Shell.caller(auth), id, tail, since, follow);
                // the driver writes from its own threads, but a shell session's System.out belongs to
                // this thread: hand the chunks over through a queue
                BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
                byte[] end = new byte[0];
                Thread reader = new Thread(() -> {
                    try {
                        logs.writeTo(new OutputStream() {
                            @Override
                            public void write(int b) {
                                chunks.add(new byte[] {(byte) b});
                            }

                            @Override
                            public void write(byte[] b, int off, int len) {
                                chunks.add(Arrays.copyOfRange(b, off, off + len));
                            }
                        });
                    } catch (IOException e) {
                        chunks.add(("\n" + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    } finally {
                        chunks.add(end);
                    }
                }, "ovm-shell-logs");
                reader.setDaemon(true);
                reader.start();
                try {
                    for (byte[] chunk = chunks.take(); chunk != end; chunk = chunks.take()) {
                        System.out.write(chunk);
                        System.out.flush();
                    }
                } finally {
                    reader.interrupt();
                }
                return null;
            });
        }
    }

    /** KEY=VALUE words as a map; a word without the separator fails naming the option. */
    static Map<String, String> pairs(String option, List<String> words, String separator) {
        if (words == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : words) {
            int i = w.indexOf(separator);
            if (i <= 0) {
                throw OvmException.invalid(option, option + " '" + w + "' is not KEY" + separator + "VALUE");
            }
            out.put(w.substring(0, i), w.substring(i + 1));
        }
        return out;
    }

    /** {@code [hostIp:]hostPort:containerPort[/udp]} or {@code containerPort[/udp]}. */
    static List<ContainerRequest.PortRequest> ports(List<String> words) {
        if (words == null) {
            return null;
        }
        List<ContainerRequest.PortRequest> out = new ArrayList<>();
        for (String w : words) {
            String protocol = "tcp";
            String spec = w;
            int slash = w.indexOf('/');
            if (slash >= 0) {
                protocol = w.substring(slash + 1);
                spec = w.substring(0, slash);
            }
            String[] parts = spec.split(":");
            try {
                out.add(switch (parts.length) {
                    case 1 -> new ContainerRequest.PortRequest(Integer.parseInt(parts[0]), null, protocol, null);
                    case 2 -> new ContainerRequest.PortRequest(Integer.parseInt(parts[1]), Integer.parseInt(parts[0]),
                            protocol, null);
                    case 3 -> new ContainerRequest.PortRequest(Integer.parseInt(parts[2]), Integer.parseInt(parts[1]),
                            protocol, parts[0]);
                    default -> throw new NumberFormatException();
                });
            } catch (NumberFormatException e) {
                throw OvmException.invalid("--port", "--port '" + w + "' is not [hostIp:]hostPort:containerPort[/udp]");
            }
        }
        return out;
    }

    /** {@code name:/target[:ro]}. */
    static List<ContainerRequest.VolumeMount> volumes(List<String> words) {
        if (words == null) {
            return null;
        }
        List<ContainerRequest.VolumeMount> out = new ArrayList<>();
        for (String w : words) {
            String[] parts = w.split(":");
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("ro"))) {
                throw OvmException.invalid("--volume", "--volume '" + w + "' is not name:/target[:ro]");
            }
            out.add(new ContainerRequest.VolumeMount(parts[0], parts[1], parts.length == 3));
        }
        return out;
    }
}
