package org.ovm.plugin.docker.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.ContainerSpec;
import org.ovm.spi.hypervisor.ContainerSupport;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ImageInfo;
import org.ovm.spi.hypervisor.ImageSupport;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.LogQuery;
import org.ovm.spi.hypervisor.LogSupport;
import org.ovm.spi.hypervisor.NicNamespaceSupport;
import org.ovm.spi.hypervisor.RegistryAuth;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VlanAttachSupport;
import org.ovm.spi.hypervisor.VlanAttachment;
import org.ovm.spi.hypervisor.VmSpec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;

/**
 * Docker engines as hosts, their containers as instances. Stateless but for the engine clients
 * ({@link Engines}); images, logs, counters and terminals are in {@link DockerImages} and
 * {@link DockerStreams}; VLAN networks are {@code macvlan} engine networks ({@link MacvlanNetworks}); a
 * NIC's network namespace, for security groups enforced in it, is found by {@link ContainerNamespaces}.
 */
public final class DockerHypervisorDriver implements HypervisorDriver, ContainerSupport, ImageSupport, LogSupport,
        StatsSupport, TerminalSupport, VlanAttachSupport, NicNamespaceSupport, AutoCloseable {

    /** The host type. */
    public static final String TYPE = "docker";

    /** Seconds a graceful stop waits for the container before the engine kills it, at most. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final Engines engines;
    private final DockerImages images;
    private final DockerStreams streams;
    private final MacvlanNetworks vlans;
    private final ContainerNamespaces namespaces = new ContainerNamespaces(Path.of("/proc"));

    public DockerHypervisorDriver() {
        this(new Engines());
    }

    DockerHypervisorDriver(Engines engines) {
        this.engines = engines;
        this.images = new DockerImages(engines);
        this.streams = new DockerStreams(engines);
        this.vlans = new MacvlanNetworks(engines);
    }

    Engines engines() {
        return engines;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<HypervisorCapability> capabilities() {
        return EnumSet.of(HypervisorCapability.DISCOVERY, HypervisorCapability.GRACEFUL_STOP);
    }

    /** Docker's own prefix for the MACs it gives containers. */
    @Override
    public String macPrefix() {
        return "02:42:ac";
    }

    /** Containers have no disk files. */
    @Override
    public List<String> diskFormats() {
        return List.of();
    }

    @Override
    public CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host) {
        return Async.call(ctx, "probing the engine", () -> {
            Engines.Engine engine = engines.of(host);
            Info info;
            String apiVersion;
            try {
                info = engine.api().infoCmd().exec();
                apiVersion = engine.api().versionCmd().exec().getApiVersion();
            } catch (RuntimeException e) {
                throw engine.failure("probing the engine", e);
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("engineVersion", String.valueOf(info.getServerVersion()));
            details.put("apiVersion", String.valueOf(apiVersion));
            details.put("clientApiVersion", Engines.API_VERSION);
            details.put("storageDriver", String.valueOf(info.getDriver()));
            details.put("os", String.valueOf(info.getOperatingSystem()));
            details.put("kernelVersion", String.valueOf(info.getKernelVersion()));
            details.put("architecture", String.valueOf(info.getArchitecture()));
            details.put("containers", String.valueOf(info.getContainers()));
            details.put("images", String.valueOf(info.getImages()));
            details.put("tls", engine.uri().getScheme().equals("tcp") && !engine.insecure() ? "verified" : "none");
            if (engine.insecure()) {
                details.put("warning", "this engine is reached over plain tcp:// without TLS: anyone on the network "
                        + "can control it; give the host TLS client certificates");
            }
            int cpus = info.getNCPU() == null ? 0 : info.getNCPU();
            long memoryMiB = info.getMemTotal() == null ? 0 : info.getMemTotal() / (1024 * 1024);
            return new HostFacts(String.valueOf(info.getArchitecture()), cpus, memoryMiB,
                    "Docker Engine " + info.getServerVersion(), details);
        });
    }

    @Override
    public CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host) {
        return Async.call(ctx, "listing containers", () -> {
            DockerClient docker = engines.of(host).api();
            List<InstanceInfo> out = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withShowAll(true).exec()) {
                try {
                    out.add(ContainerInfos.of(docker.inspectContainerCmd(c.getId()).exec()));
                } catch (RuntimeException e) {
                    if (!DockerErrors.notFound(e)) {
                        throw e;
                    }
                    // removed between the list and the inspect
                }
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host,
            String backendId) {
        return Async.call(ctx, "inspecting container " + backendId, () -> inspect(engines.of(host).api(), backendId)
                .map(ContainerInfos::of));
    }

    /**
     * A container from a plain spec: {@code image} and, optionally, {@code command} (words
     * separated by spaces) from its properties.
     */
    @Override
    public CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec) {
        String image = spec.properties().get("image");
        if (image == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new DriverException(ErrorCode.INVALID,
                    "a container needs an image: give the instance a container block with an image"));
        }
        String command = spec.properties().get("command");
        List<String> args = command == null || command.isBlank() ? List.of()
                : Arrays.asList(command.trim().split("\\s+"));
        return defineContainer(ctx, host, spec, new ContainerSpec(image, args, null, null, null, null, null, null, null));
    }

    @Override
    public CompletionStage<InstanceInfo> defineContainer(OperationContext ctx, HostEndpoint host, VmSpec spec,
            ContainerSpec container) {
        return Async.call(ctx, "creating container " + spec.name(), () -> {
            // the kernel checked the image when it planned the create; a missing one is the engine's 404 here
            DockerClient docker = engines.of(host).api();
            String id = ContainerCreation.create(docker, spec, container);
            return ContainerInfos.of(docker.inspectContainerCmd(id).exec());
        });
    }

    @Override
    public CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId) {
        return Async.call(ctx, "starting container " + backendId, () -> {
            DockerClient docker = engines.of(host).api();
            try {
                docker.startContainerCmd(backendId).exec();
            } catch (RuntimeException e) {
                if (!DockerErrors.notModified(e)) {
                    throw e;
                }
            }
            return ContainerInfos.of(docker.inspectContainerCmd(backendId).exec());
        });
    }

    @Override
    public CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId,
            StopMode mode) {
        return Async.call(ctx, "stopping container " + backendId, () -> {
            Engines.Engine engine = engines.of(host);
            try {
                if (mode == StopMode.FORCE) {
                    InspectContainerResponse c = engine.api().inspectContainerCmd(backendId).exec();
                    if (c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning())) {
                        engine.api().killContainerCmd(backendId).exec();
                    }
                } else {
                    int timeout = (int) Math.max(1, Math.min(STOP_TIMEOUT_SECONDS, ctx.remaining().toSeconds() - 5));
                    engine.streams().stopContainerCmd(backendId).withTimeout(timeout).exec();
                }
            } catch (RuntimeException e) {
                // stopping a stopped container, or killing one that just stopped
                if (!DockerErrors.notModified(e) && !(e instanceof com.github.dockerjava.api.exception.ConflictException)) {
                    throw e;
                }
            }
            return awaitStopped(engine.api(), backendId);
        });
    }

    /** A kill returns before the engine saw the process end: wait (briefly) until it says stopped. */
    private static InstanceInfo awaitStopped(DockerClient docker, String backendId) {
        InstanceInfo info = ContainerInfos.of(docker.inspectContainerCmd(backendId).exec());
        for (int i = 0; i < 50 && info.state() == org.ovm.spi.hypervisor.PowerState.RUNNING; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            info = ContainerInfos.of(docker.inspectContainerCmd(backendId).exec());
        }
        return info;
    }

    @Override
    public CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId) {
        return Async.call(ctx, "restarting container " + backendId, () -> {
            Engines.Engine engine = engines.of(host);
            InspectContainerResponse c = engine.api().inspectContainerCmd(backendId).exec();
            if (c.getState() == null || !Boolean.TRUE.equals(c.getState().getRunning())) {
                throw new DriverException(ErrorCode.CONFLICT, "the container is not running: start it instead");
            }
            engine.streams().restartContainerCmd(backendId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            return ContainerInfos.of(engine.api().inspectContainerCmd(backendId).exec());
        });
    }

    @Override
    public CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId) {
        return Async.run(ctx, "removing container " + backendId, () -> {
            try {
                engines.of(host).api().removeContainerCmd(backendId).withForce(true).withRemoveVolumes(false).exec();
            } catch (RuntimeException e) {
                if (!DockerErrors.notFound(e)) {
                    throw e;
                }
            }
        });
    }

    @Override
    public CompletionStage<InstanceStats> stats(OperationContext ctx, HostEndpoint host, String backendId) {
        return streams.stats(ctx, host, backendId);
    }

    @Override
    public CompletionStage<Void> logs(OperationContext ctx, HostEndpoint host, String backendId, LogQuery query,
            OutputStream out) {
        return streams.logs(ctx, host, backendId, query, out);
    }

    @Override
    public CompletionStage<TerminalSupport.Session> openTerminal(OperationContext ctx, HostEndpoint host,
            String backendId, List<String> command, int columns, int rows, Consumer<byte[]> output) {
        return streams.terminal(ctx, host, backendId, command, columns, rows, output);
    }

    @Override
    public CompletionStage<List<ImageInfo>> listImages(OperationContext ctx, HostEndpoint host) {
        return images.list(ctx, host);
    }

    @Override
    public CompletionStage<Optional<ImageInfo>> findImage(OperationContext ctx, HostEndpoint host, String reference) {
        return images.find(ctx, host, reference);
    }

    @Override
    public CompletionStage<ImageInfo> pullImage(OperationContext ctx, HostEndpoint host, String reference,
            RegistryAuth auth, Progress progress) {
        return images.pull(ctx, host, reference, auth, progress);
    }

    @Override
    public CompletionStage<ImageInfo> importImage(OperationContext ctx, HostEndpoint host, String reference,
            InputStream tarball) {
        return images.importImage(ctx, host, reference, tarball);
    }

    @Override
    public CompletionStage<Void> removeImage(OperationContext ctx, HostEndpoint host, String image) {
        return images.remove(ctx, host, image);
    }

    /** A {@code macvlan} engine network; the portRef is its name, which containers use as network mode. */
    @Override
    public CompletionStage<String> attachVlan(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        return vlans.attach(ctx, host, network);
    }

    @Override
    public CompletionStage<Void> detachVlan(OperationContext ctx, HostEndpoint host, VlanAttachment network) {
        return vlans.detach(ctx, host, network);
    }

    /**
     * The network namespace of the running container with a NIC of {@code mac}; empty when none runs or
     * when the engine is not on this machine ({@link ContainerNamespaces}).
     */
    @Override
    public CompletionStage<Optional<String>> nicNamespace(OperationContext ctx, HostEndpoint host, String mac) {
        return Async.call(ctx, "finding the container with NIC " + mac,
                () -> namespaces.of(engines.of(host).api(), mac));
    }

    @Override
    public void release(String hostId) {
        engines.release(hostId);
    }

    @Override
    public void close() {
        engines.close();
    }

    private static Optional<InspectContainerResponse> inspect(DockerClient docker, String id) {
        try {
            return Optional.of(docker.inspectContainerCmd(id).exec());
        } catch (RuntimeException e) {
            if (DockerErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
