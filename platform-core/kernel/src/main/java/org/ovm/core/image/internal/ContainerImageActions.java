package org.ovm.core.image.internal;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.image.ImagePullRequest;
import org.ovm.core.image.ImageReferences;
import org.ovm.core.image.ImageView;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ImageSupport;
import org.ovm.spi.hypervisor.RegistryAuth;

/**
 * Changes to the container images of hosts: pulls (a task with progress, onto one host or each
 * UP container host of a cluster), imports of a root file system tarball, and removals.
 */
public final class ContainerImageActions {

    public static final String PULL = "image.pull";
    static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);

    private final Tx tx;
    private final TaskEngine engine;
    private final HostAccess access;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final ContainerImages images;
    private final RegistryServiceImpl registries;
    private final EventPublisher events;
    private final Executor executor;

    public ContainerImageActions(Tx tx, TaskEngine engine, HostAccess access, DriverRegistry<HypervisorDriver> drivers,
            ContainerImages images, RegistryServiceImpl registries, EventPublisher events, Executor executor) {
        this.tx = tx;
        this.engine = engine;
        this.access = access;
        this.drivers = drivers;
        this.images = images;
        this.registries = registries;
        this.events = events;
        this.executor = executor;
    }

    public List<Operation> operations() {
        Step pull = Step.of("pull", ctx -> {
            ImageParams.Pull params = ctx.params(ImageParams.Pull.class);
            List<String> hostIds = List.of(params.hostIds().split(","));
            RegistryAuth auth = params.registryId() == null ? null : registries.auth(params.registryId());
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < hostIds.size(); i++) {
                int index = i;
                String hostId = hostIds.get(i);
                chain = chain.thenCompose(v -> access.target(hostId, ctx.recovering())).thenCompose(t -> {
                    if (!(t.driver() instanceof ImageSupport support)) {
                        throw OvmException.invalid("hostId", t.hostType() + " hosts keep no container images");
                    }
                    return support.pullImage(ctx.operation(), t.endpoint(), params.reference(), auth,
                            (percent, message) -> ctx.progress().report((index * 100 + percent) / hostIds.size(),
                                    (hostIds.size() > 1 ? "host " + (index + 1) + "/" + hostIds.size() + ": " : "")
                                            + message));
                }).thenCompose(info -> images.sync(hostId));
            }
            return chain.thenApply(v -> {
                ctx.progress().report(100, "pulled " + params.reference());
                events.record("image/pulled", ctx.resourceId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null, "image " + params.reference()
                        + " pulled onto " + hostIds.size() + " host(s)");
                return Map.<String, String>of();
            });
        });
        return List.of(new SimpleOperation(PULL, List.of(pull), Operation.Recovery.RESUME));
    }

    /** Checks a pull and starts its task. */
    public TaskView pull(Caller caller, ImagePullRequest request) {
        caller.requireAdmin();
        if (request == null || request.reference() == null || request.reference().isBlank()) {
            throw OvmException.invalid("reference", "reference is required, e.g. ovm/busybox:1.35");
        }
        String reference = request.reference().trim();
        if (request.registryId() != null) {
            reference = registries.address(request.registryId()) + "/" + reference;
        }
        if (!ImageReferences.valid(reference)) {
            throw OvmException.invalid("reference", "'" + request.reference() + "' is not an image reference "
                    + "(repository[:tag], lower-case repository)");
        }
        List<String> hostIds = targets(request);
        String full = reference;
        String resource = request.hostId() != null ? request.hostId() : request.clusterId();
        TaskEntity task = tx.call(em -> engine.create(em, PULL, resource, caller, null,
                new ImageParams.Pull(full, String.join(",", hostIds), request.registryId())));
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    private List<String> targets(ImagePullRequest request) {
        if ((request.hostId() == null) == (request.clusterId() == null)) {
            throw OvmException.invalid("hostId", "give either hostId or clusterId");
        }
        if (request.hostId() != null) {
            return List.of(images.imageHost(request.hostId(), "hostId").getId());
        }
        return tx.call(em -> {
            ClusterEntity cluster = em.find(ClusterEntity.class, request.clusterId());
            if (cluster == null) {
                throw OvmException.invalid("clusterId", "cluster " + request.clusterId() + " does not exist");
            }
            List<String> ids = new ArrayList<>();
            for (HostEntity h : em.createQuery("SELECT h FROM HostEntity h WHERE h.clusterId = ?1 AND h.state = ?2 "
                    + "ORDER BY h.name", HostEntity.class).setParameter(1, cluster.getId())
                    .setParameter(2, HostState.UP.name()).getResultList()) {
                if (drivers.find(h.getType()).orElse(null) instanceof ImageSupport) {
                    ids.add(h.getId());
                }
            }
            if (ids.isEmpty()) {
                throw OvmException.invalid("clusterId", "cluster " + cluster.getName() + " has no UP container host");
            }
            return ids;
        });
    }

    /** Imports a root file system tarball as an image on a host; the image as the image center lists it. */
    public ImageView importImage(Caller caller, String hostId, String reference, InputStream data) {
        caller.requireAdmin();
        if (hostId == null) {
            throw OvmException.invalid("hostId", "hostId is required");
        }
        if (!ImageReferences.valid(reference) || reference.contains("@")) {
            throw OvmException.invalid("reference", "reference '" + reference + "' is not repository[:tag] "
                    + "(lower-case repository)");
        }
        HostEntity host = images.imageHost(hostId, "hostId");
        ImageSupport support = (ImageSupport) drivers.require(host.getType());
        var info = Failures.await(support.importImage(context(caller, IMPORT_TIMEOUT), access.endpoint(host), reference, data),
                IMPORT_TIMEOUT);
        Failures.await(images.sync(hostId), Duration.ofSeconds(60));
        events.publish(caller, "image/imported", host.getId(), null, "image " + reference + " ("
                + info.id() + ") imported on host " + host.getName());
        return images.find(info.id()).orElseThrow(() -> OvmException.notFound("image", info.id()));
    }

    /** Removes a container image from one host or from every host that has it. */
    public void remove(Caller caller, ImageView image, String hostId) {
        caller.requireAdmin();
        List<String> hosts = hostId == null ? image.hostIds() : List.of(hostId);
        if (hostId != null && !image.hostIds().contains(hostId)) {
            throw OvmException.invalid("hostId", "host " + hostId + " does not have image " + image.name());
        }
        for (String h : hosts) {
            HostEntity host = images.imageHost(h, "hostId");
            ImageSupport support = (ImageSupport) drivers.require(host.getType());
            Failures.await(support.removeImage(context(caller, Duration.ofSeconds(60)), access.endpoint(host), image.id()),
                    Duration.ofSeconds(60));
            Failures.await(images.sync(h), Duration.ofSeconds(60));
            events.publish(caller, "image/removed", h, null, "image " + image.name() + " (" + image.id()
                    + ") removed from host " + host.getName());
        }
    }

    private OperationContext context(Caller caller, Duration timeout) {
        return new OperationContext("image-" + Ids.newId(), Instant.now().plus(timeout), caller.username(), executor);
    }
}
