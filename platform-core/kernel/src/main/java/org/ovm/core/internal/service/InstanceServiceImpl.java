package org.ovm.core.internal.service;

import java.util.List;
import java.util.Map;

import org.ovm.core.AdoptRequest;
import org.ovm.core.Caller;
import org.ovm.core.ResizeRequest;
import org.ovm.core.ConsoleView;
import org.ovm.core.StatsView;
import org.ovm.core.SnapshotRequest;
import org.ovm.core.SnapshotView;
import org.ovm.core.Filters;
import org.ovm.core.InstanceRequest;
import org.ovm.core.InstanceService;
import org.ovm.core.InstanceView;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.TaskView;
import org.ovm.core.internal.Ids;
import org.ovm.core.internal.Json;
import org.ovm.core.internal.Lists;
import org.ovm.core.internal.Times;
import org.ovm.core.internal.Tx;
import org.ovm.core.internal.event.EventPublisher;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.ops.AddressClaims;
import org.ovm.core.internal.scheduler.AffinityFilter;
import org.ovm.core.internal.scheduler.NetworkReachabilityFilter;
import org.ovm.core.internal.scheduler.PolicyCatalog;
import org.ovm.core.internal.scheduler.StorageReachabilityFilter;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.SnapshotEntity;
import org.ovm.core.internal.ops.SnapshotOperations;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.ops.CapacityClaims;
import org.ovm.core.internal.ops.HostAccess;
import org.ovm.core.internal.ops.QuotaClaims;
import org.ovm.core.internal.task.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.ConsoleEndpoint;
import org.ovm.spi.hypervisor.ConsoleSupport;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.ResizeSupport;
import org.ovm.core.internal.ops.InstanceOperations;
import org.ovm.core.internal.registry.DriverRegistry;
import org.ovm.core.internal.task.TaskEngine;
import org.ovm.spi.hypervisor.HypervisorDriver;

/** Instances: validation, capacity claims and the lifecycle tasks. */
public final class InstanceServiceImpl implements InstanceService {

    static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(15);
    static final int MAX_CPUS = 256;
    static final int MAX_STOP_TIMEOUT_SECONDS = 540;
    static final long MIN_MEMORY_MIB = 16;
    static final long MAX_MEMORY_MIB = 4L * 1024 * 1024;
    private static final Map<String, String> FILTERS = Map.of("name", "name", "hostId", "hostId", "vdcId", "vdcId",
            "state", "state", "managed", "managed");

    private final Tx tx;
    private final TaskEngine engine;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final CapacityClaims claims;
    private final EventPublisher events;
    private final HostAccess access;
    private final QuotaClaims quotas;
    private final AddressClaims addresses;
    private final DriverRegistry<NetworkDriver> networkDrivers;
    private final Placer placer;

    public InstanceServiceImpl(Tx tx, TaskEngine engine, DriverRegistry<HypervisorDriver> drivers,
            CapacityClaims claims, EventPublisher events, HostAccess access, QuotaClaims quotas,
            AddressClaims addresses, DriverRegistry<NetworkDriver> networkDrivers, PolicyCatalog policies) {
        this.addresses = addresses;
        this.networkDrivers = networkDrivers;
        this.placer = new Placer(claims, policies);
        this.access = access;
        this.quotas = quotas;
        this.tx = tx;
        this.engine = engine;
        this.drivers = drivers;
        this.claims = claims;
        this.events = events;
    }

    @Override
    public Page<InstanceView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> {
            // the whole inventory's total is the sum of the hosts' counts: no COUNT over every instance
            Page<InstanceEntity> found = Lists.page(em, InstanceEntity.class, FILTERS, filters, fixed, "name", page,
                    i -> i, () -> em.createQuery("SELECT COALESCE(SUM(h.instanceCount), 0) FROM HostEntity h",
                            Number.class).getSingleResult().longValue());
            Map<String, List<org.ovm.core.NicView>> nics = nics(em, found.items().stream().map(InstanceEntity::getId)
                    .toList());
            return new Page<>(found.items().stream().map(i -> view(i, nics.getOrDefault(i.getId(), List.of())))
                    .toList(), found.total());
        });
    }

    /** The NICs of some instances, in one query. */
    private static Map<String, List<org.ovm.core.NicView>> nics(javax.persistence.EntityManager em,
            List<String> instanceIds) {
        Map<String, List<org.ovm.core.NicView>> nics = new java.util.HashMap<>();
        if (instanceIds.isEmpty()) {
            return nics;
        }
        for (var a : em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.instanceId IN :ids ORDER BY "
                + "a.nicIndex", org.ovm.core.internal.inventory.IpAddressEntity.class).setParameter("ids", instanceIds)
                .getResultList()) {
            nics.computeIfAbsent(a.getInstanceId(), k -> new java.util.ArrayList<>()).add(
                    new org.ovm.core.NicView(a.getNicIndex(), a.getNetworkId(), a.getAddress(), a.getMac()));
        }
        return nics;
    }

    private InstanceView view(InstanceEntity instance) {
        return view(instance, tx.call(em -> nics(em, List.of(instance.getId()))).getOrDefault(instance.getId(),
                List.of()));
    }

    @Override
    public InstanceView get(Caller caller, String id) {
        return view(visible(caller, id));
    }

    @Override
    public TaskView create(Caller caller, InstanceRequest request) {
        TaskEntity task = tx.call(em -> prepare(em, caller, request, null));
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /**
     * Validates a create, claims quota and capacity (placing the instance when the request names a
     * cluster), writes the instance row and its create task, all in the caller's transaction. The
     * task is not started.
     */
    public TaskEntity prepare(javax.persistence.EntityManager em, Caller caller, InstanceRequest request,
            String vappId) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, cpus, memoryMiB and hostId is required");
        }
        String name = Ids.requireName("name", request.name());
        int cpus = requireRange("cpus", request.cpus() == null ? null : request.cpus().longValue(), 1, MAX_CPUS);
        long memory = requireRange("memoryMiB", request.memoryMiB(), MIN_MEMORY_MIB, MAX_MEMORY_MIB);
        if (request.hostId() == null && request.clusterId() == null && request.zoneId() == null) {
            throw OvmException.invalid("hostId", "give hostId, or clusterId (or zoneId) to let placement choose the "
                    + "host");
        }
        String vdcId = vdcFor(caller, request.vdcId());
        if (vdcId != null && em.find(VdcEntity.class, vdcId) == null) {
            throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
        }
        List<NetworkEntity> networks = networks(em, request.nics());
        AffinityGroupEntity group = group(em, request.affinityGroupId(), vdcId);
        Map<String, String> hints = hints(em, poolOf(em, request), networks, group);
        boolean placed = request.hostId() == null;
        HostEntity host = placed ? placer.place(em, new Placer.Ask(request.clusterId(), request.zoneId(),
                request.hostIds(), cpus, memory, hints)) : em.find(HostEntity.class, request.hostId());
        if (host == null) {
            throw OvmException.invalid("hostId", "host " + request.hostId() + " does not exist");
        }
        drivers.require(host.getType());
        if (!"UP".equals(host.getState())) {
            throw new OvmException(OvmError.CONFLICT, "hostId", "host " + host.getName() + " is " + host.getState()
                    + (host.getStateReason() == null ? "" : " (" + host.getStateReason() + ")")
                    + "; instances can only be created on UP hosts");
        }
        if (memory > host.getMemoryMib() * host.getMemoryOvercommit()) {
            throw OvmException.invalid("memoryMiB", "memoryMiB " + memory + " exceeds host " + host.getName()
                    + "'s capacity of " + (long) (host.getMemoryMib() * host.getMemoryOvercommit()) + " MiB");
        }
        if (!placed) {
            Placer.verify(host, cpus, memory, hints);
        }
        if (!em.createQuery("SELECT i.id FROM InstanceEntity i WHERE i.hostId = ?1 AND i.name = ?2")
                .setParameter(1, host.getId()).setParameter(2, name).getResultList().isEmpty()) {
            throw OvmException.conflict("name", "an instance named '" + name + "' already exists on host "
                    + host.getName());
        }
        Map<String, String> params = new java.util.HashMap<>(diskParams(em, request, host, name));
        params.put("start", String.valueOf(Boolean.TRUE.equals(request.start())));
        long diskGiB = gib(Long.parseLong(params.getOrDefault("diskBytes", "0")));
        params.put("quotaDiskGiB", String.valueOf(diskGiB));
        if (!placed) {
            // the host before the VDC, as placement does (it claims while choosing): one lock order
            claims.claim(em, host.getId(), cpus, memory);
        }
        quotas.claim(em, vdcId, cpus, memory, diskGiB, 1);
        quotas.claimIps(em, vdcId, networks.size());
        // the host's row is locked from here (HOSTS before INSTANCES, as entering maintenance does)
        claims.countInstances(em, host.getId(), 1);
        String state = claims.lockedState(em, host.getId());
        if (!"UP".equals(state)) {
            // it went into maintenance (or down) since it was read: nothing of this create stays
            throw OvmException.conflict("hostId", "host " + host.getName() + " is " + state
                    + " now; instances can only be created on UP hosts");
        }
        long now = Times.now();
        InstanceEntity instance = new InstanceEntity();
        instance.setId(Ids.newId());
        instance.setName(name);
        instance.setHostId(host.getId());
        instance.setVdcId(vdcId);
        instance.setState("CREATING");
        instance.setCpus(cpus);
        instance.setMemoryMib(memory);
        instance.setManaged(true);
        instance.setImageId(request.imageId());
        instance.setVappId(vappId);
        instance.setAffinityGroupId(group == null ? null : group.getId());
        instance.setCreatedAt(now);
        instance.setUpdatedAt(now);
        em.persist(instance);
        for (int nic = 0; nic < networks.size(); nic++) {
            addresses.claim(em, networks.get(nic), request.nics().get(nic).ip(), instance.getId(), vdcId, nic);
        }
        return engine.create(em, InstanceOperations.CREATE, instance.getId(), caller, vdcId, params);
    }

    @Override
    public TaskView start(Caller caller, String id) {
        return action(caller, id, InstanceOperations.START, Map.of());
    }

    @Override
    public TaskView stop(Caller caller, String id, boolean force, Integer timeoutSeconds) {
        Map<String, String> params = new java.util.HashMap<>(Map.of("force", String.valueOf(force)));
        if (timeoutSeconds != null) {
            // within the task's own time limit, so the stop ends before the task is cut off
            params.put("timeoutSeconds", String.valueOf(requireRange("timeout", timeoutSeconds.longValue(), 1,
                    MAX_STOP_TIMEOUT_SECONDS)));
        }
        return action(caller, id, InstanceOperations.STOP, params);
    }

    @Override
    public TaskView reboot(Caller caller, String id) {
        return action(caller, id, InstanceOperations.REBOOT, Map.of());
    }

    @Override
    public InstanceView adopt(Caller caller, String id, AdoptRequest request) {
        caller.requireAdmin();
        String vdcId = request == null ? null : request.vdcId();
        InstanceEntity adopted = tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, id);
            if (instance == null) {
                throw OvmException.notFound("instance", id);
            }
            if (instance.isManaged()) {
                throw OvmException.conflict(null, "instance " + instance.getName() + " is already managed");
            }
            if (vdcId != null && em.find(VdcEntity.class, vdcId) == null) {
                throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
            }
            claims.book(em, instance.getHostId(), instance.getCpus(), instance.getMemoryMib());
            // adoption books what the instance already uses, even beyond the quota
            quotas.release(em, vdcId, -instance.getCpus(), -instance.getMemoryMib(), 0, -1);
            instance.setManaged(true);
            instance.setVdcId(vdcId);
            instance.setUpdatedAt(Times.now());
            return instance;
        });
        events.publish("instance/adopted", id, caller.username(), vdcId, "instance " + adopted.getName()
                + " adopted" + (vdcId == null ? "" : " into VDC " + vdcId));
        return view(adopted);
    }

    @Override
    public TaskView delete(Caller caller, String id, boolean deleteVolumes) {
        InstanceEntity instance = visible(caller, id);
        requireDriver(instance);
        tx.run(em -> {
            InstanceEntity current = em.find(InstanceEntity.class, id);
            current.setState("DELETING");
            current.setUpdatedAt(Times.now());
        });
        return TaskServiceImpl.view(engine.submit(InstanceOperations.DELETE, id, caller, instance.getVdcId(),
                Map.of("deleteVolumes", String.valueOf(deleteVolumes))), List.of());
    }

    @Override
    public ConsoleView console(Caller caller, String id) {
        return console(caller, id, false).view();
    }

    /** A console about to be opened through the proxy: where it is and its one-time password, if any. */
    public record OpenedConsole(ConsoleView view, String password) {
        @Override
        public String toString() {
            return "OpenedConsole[" + view + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * The console of a visible running instance; {@code open} asks the driver for a fresh one-time
     * password ({@link ConsoleSupport#openConsole}).
     */
    public OpenedConsole console(Caller caller, String id, boolean open) {
        InstanceEntity instance = visible(caller, id);
        HostEntity host = tx.call(em -> em.find(HostEntity.class, instance.getHostId()));
        var driver = drivers.require(host.getType());
        if (!(driver instanceof ConsoleSupport console) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances have no console");
        }
        OperationContext ctx = readContext(caller);
        ConsoleEndpoint endpoint = read(open ? console.openConsole(ctx, access.endpoint(host), instance.getBackendId())
                : console.console(ctx, access.endpoint(host), instance.getBackendId()));
        return new OpenedConsole(new ConsoleView(endpoint.protocol(), endpoint.host(), endpoint.port(),
                java.net.URI.create(host.getUri()).getHost(), endpoint.serialLog()), endpoint.password());
    }

    @Override
    public StatsView stats(Caller caller, String id) {
        InstanceEntity instance = visible(caller, id);
        HostEntity host = tx.call(em -> em.find(HostEntity.class, instance.getHostId()));
        var driver = drivers.require(host.getType());
        if (!(driver instanceof StatsSupport stats) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances report no statistics");
        }
        InstanceStats s = read(stats.stats(readContext(caller), access.endpoint(host), instance.getBackendId()));
        return new StatsView(s.at().toString(), s.cpuTimeNanos(), s.memoryMiB(), s.diskReadBytes(),
                s.diskWriteBytes(), s.netRxBytes(), s.netTxBytes());
    }

    private OperationContext readContext(Caller caller) {
        return new OperationContext("read-" + Ids.newId(), java.time.Instant.now().plus(READ_TIMEOUT),
                caller.username(), engine.executor());
    }

    /** Waits for a read-only backend call, turning its failure into the matching API error. */
    private static <T> T read(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(READ_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new OvmException(Failures.code(e), Failures.message(e));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new OvmException(org.ovm.core.OvmError.BACKEND_UNREACHABLE, "the host did not answer within "
                    + READ_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvmException(org.ovm.core.OvmError.INTERNAL, "interrupted");
        }
    }

    @Override
    public TaskView resize(Caller caller, String id, ResizeRequest request) {
        if (request == null || request.cpus() == null && request.memoryMiB() == null) {
            throw OvmException.invalid(null, "give cpus and/or memoryMiB");
        }
        InstanceEntity instance = visible(caller, id);
        if (instance.getBackendId() == null || "CREATING".equals(instance.getState())
                || "DELETING".equals(instance.getState())) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is " + instance.getState());
        }
        int cpus = request.cpus() == null ? instance.getCpus()
                : requireRange("cpus", request.cpus().longValue(), 1, MAX_CPUS);
        long memory = request.memoryMiB() == null ? instance.getMemoryMib()
                : requireRange("memoryMiB", request.memoryMiB(), MIN_MEMORY_MIB, MAX_MEMORY_MIB);
        HostEntity host = tx.call(em -> em.find(HostEntity.class, instance.getHostId()));
        var driver = drivers.require(host.getType());
        if (!(driver instanceof ResizeSupport)) {
            throw OvmException.invalid(null, host.getType() + " instances cannot be resized");
        }
        if ("RUNNING".equals(instance.getState())
                && !driver.capabilities().contains(org.ovm.spi.hypervisor.HypervisorCapability.HOT_RESIZE)) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is running: stop it to resize it");
        }
        if (!instance.isManaged()) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is not managed by OVM; adopt it first");
        }
        int cpuDelta = cpus - instance.getCpus();
        long memoryDelta = memory - instance.getMemoryMib();
        TaskEntity task = tx.call(em -> {
            // growth is claimed against the quota and the host's ratios; shrinking gives back at once
            // (the host's row before the VDC's, the order every claim takes)
            if (cpuDelta > 0 || memoryDelta > 0) {
                claims.claim(em, host.getId(), Math.max(cpuDelta, 0), Math.max(memoryDelta, 0));
                quotas.claim(em, instance.getVdcId(), Math.max(cpuDelta, 0), Math.max(memoryDelta, 0), 0, 0);
            }
            claims.book(em, host.getId(), Math.min(cpuDelta, 0), Math.min(memoryDelta, 0));
            quotas.release(em, instance.getVdcId(), -Math.min(cpuDelta, 0), -Math.min(memoryDelta, 0), 0, 0);
            return engine.create(em, InstanceOperations.RESIZE, id, caller, instance.getVdcId(), Map.of(
                    "backendId", instance.getBackendId(), "cpus", String.valueOf(cpus), "memoryMiB",
                    String.valueOf(memory), "cpuDelta", String.valueOf(cpuDelta), "memoryDelta",
                    String.valueOf(memoryDelta)));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public List<SnapshotView> snapshots(Caller caller, String id) {
        visible(caller, id);
        return tx.call(em -> em.createQuery("SELECT s FROM SnapshotEntity s WHERE s.instanceId = ?1 ORDER BY "
                + "s.createdAt", SnapshotEntity.class).setParameter(1, id).getResultList()).stream()
                .map(InstanceServiceImpl::view).toList();
    }

    @Override
    public TaskView snapshot(Caller caller, String id, SnapshotRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with a name is required");
        }
        InstanceEntity instance = visible(caller, id);
        HostEntity host = tx.call(em -> em.find(HostEntity.class, instance.getHostId()));
        if (!(drivers.require(host.getType()) instanceof org.ovm.spi.hypervisor.SnapshotSupport)) {
            throw OvmException.invalid(null, host.getType() + " instances cannot be snapshotted");
        }
        String name = Ids.requireName("name", request.name());
        if (request.description() != null && request.description().length() > 1000) {
            throw OvmException.invalid("description", "description is limited to 1000 characters");
        }
        boolean taken = tx.call(em -> !em.createQuery("SELECT s.id FROM SnapshotEntity s WHERE s.instanceId = ?1 "
                + "AND s.name = ?2").setParameter(1, id).setParameter(2, name).getResultList().isEmpty());
        if (taken) {
            throw OvmException.conflict("name", "the instance already has a snapshot named " + name);
        }
        Map<String, String> params = new java.util.HashMap<>();
        params.put("snapshotId", Ids.newId());
        params.put("name", name);
        if (request.description() != null) {
            params.put("description", request.description());
        }
        return action(caller, id, SnapshotOperations.CREATE, params);
    }

    @Override
    public TaskView revert(Caller caller, String id, String snapshotId) {
        requireSnapshot(caller, id, snapshotId);
        return action(caller, id, SnapshotOperations.REVERT, Map.of("snapshotId", snapshotId));
    }

    @Override
    public TaskView deleteSnapshot(Caller caller, String id, String snapshotId) {
        requireSnapshot(caller, id, snapshotId);
        return action(caller, id, SnapshotOperations.DELETE, Map.of("snapshotId", snapshotId));
    }

    private void requireSnapshot(Caller caller, String id, String snapshotId) {
        visible(caller, id);
        SnapshotEntity snapshot = tx.call(em -> em.find(SnapshotEntity.class, snapshotId));
        if (snapshot == null || !snapshot.getInstanceId().equals(id)) {
            throw OvmException.notFound("snapshot", snapshotId);
        }
    }

    static SnapshotView view(SnapshotEntity s) {
        return new SnapshotView(s.getId(), s.getInstanceId(), s.getName(), s.getDescription(), s.getPowerState(),
                Times.iso(s.getCreatedAt()));
    }

    private TaskView action(Caller caller, String id, String operation, Map<String, String> params) {
        InstanceEntity instance = visible(caller, id);
        if (!instance.isManaged()) {
            throw OvmException.conflict(null, "instance " + instance.getName()
                    + " is not managed by OVM; adopt it first");
        }
        if ("CREATING".equals(instance.getState()) || "DELETING".equals(instance.getState())) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is " + instance.getState());
        }
        HostEntity host = requireDriver(instance);
        if (InstanceOperations.START.equals(operation) && HostServiceImpl.MAINTENANCE.equals(host.getState())) {
            throw OvmException.conflict(null, "host " + host.getName() + " is in maintenance: instance "
                    + instance.getName() + " can start once the host is activated");
        }
        Map<String, String> all = new java.util.HashMap<>(params);
        all.put("backendId", instance.getBackendId());
        return TaskServiceImpl.view(engine.submit(operation, id, caller, instance.getVdcId(), all), List.of());
    }

    private HostEntity requireDriver(InstanceEntity instance) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, instance.getHostId()));
        drivers.require(host.getType());
        return host;
    }

    private InstanceEntity visible(Caller caller, String id) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
        if (instance == null || !caller.canSee(instance.getVdcId())) {
            throw OvmException.notFound("instance", id);
        }
        return instance;
    }

    private static String vdcFor(Caller caller, String requested) {
        if (caller.isAdmin()) {
            return requested;
        }
        if (requested != null && !requested.equals(caller.vdcId())) {
            throw OvmException.forbidden("you can only create instances in your own VDC");
        }
        return caller.vdcId();
    }

    static final long GIB = 1024L * 1024 * 1024;

    /** Whole GiB a disk of {@code bytes} counts against a quota. */
    public static long gib(long bytes) {
        return (bytes + GIB - 1) / GIB;
    }
    static final long MAX_DISK_GIB = 64L * 1024;

    @Override
    public org.ovm.core.PlacementExplanation explain(Caller caller, org.ovm.core.PlacementRequestView request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid("clusterId", "a JSON body with clusterId (or zoneId), cpus and memoryMiB is "
                    + "required");
        }
        int cpus = requireRange("cpus", request.cpus() == null ? null : request.cpus().longValue(), 1, MAX_CPUS);
        long memory = requireRange("memoryMiB", request.memoryMiB(), MIN_MEMORY_MIB, MAX_MEMORY_MIB);
        return tx.call(em -> {
            StoragePoolEntity pool = null;
            if (request.storagePoolId() != null) {
                pool = em.find(StoragePoolEntity.class, request.storagePoolId());
                if (pool == null) {
                    throw OvmException.invalid("storagePoolId", "storage pool " + request.storagePoolId()
                            + " does not exist");
                }
            }
            List<org.ovm.core.NicRequest> nics = request.networkIds() == null ? null : request.networkIds().stream()
                    .map(id -> new org.ovm.core.NicRequest(id, null)).toList();
            AffinityGroupEntity group = request.affinityGroupId() == null ? null
                    : em.find(AffinityGroupEntity.class, request.affinityGroupId());
            if (request.affinityGroupId() != null && group == null) {
                throw OvmException.invalid("affinityGroupId", "affinity group " + request.affinityGroupId()
                        + " does not exist");
            }
            return placer.explain(em, new Placer.Ask(request.clusterId(), request.zoneId(), request.hostIds(), cpus,
                    memory, hints(em, pool, networks(em, nics), group)));
        });
    }

    static final int MAX_NICS = 16;

    /** The networks of the requested NICs, checked: each exists and its driver is installed. */
    private List<NetworkEntity> networks(javax.persistence.EntityManager em, List<org.ovm.core.NicRequest> nics) {
        if (nics == null) {
            return List.of();
        }
        if (nics.size() > MAX_NICS) {
            throw OvmException.invalid("nics", "an instance has at most " + MAX_NICS + " NICs");
        }
        List<NetworkEntity> networks = new java.util.ArrayList<>();
        for (org.ovm.core.NicRequest nic : nics) {
            if (nic == null || nic.networkId() == null) {
                throw OvmException.invalid("nics", "every NIC names its networkId");
            }
            NetworkEntity network = em.find(NetworkEntity.class, nic.networkId());
            if (network == null) {
                throw OvmException.invalid("nics", "network " + nic.networkId() + " does not exist");
            }
            networkDrivers.require(network.getType());
            networks.add(network);
        }
        return networks;
    }

    /** The affinity group an instance joins, checked: it exists and belongs to the instance's VDC. */
    private static AffinityGroupEntity group(javax.persistence.EntityManager em, String groupId, String vdcId) {
        if (groupId == null) {
            return null;
        }
        AffinityGroupEntity group = em.find(AffinityGroupEntity.class, groupId);
        if (group == null || !java.util.Objects.equals(group.getVdcId(), vdcId)) {
            throw OvmException.invalid("affinityGroupId", "affinity group " + groupId + " does not exist in the "
                    + "instance's VDC");
        }
        return group;
    }

    /** The pool the instance's disk will live in: the one named, else its template's; null without a disk. */
    private static StoragePoolEntity poolOf(javax.persistence.EntityManager em, InstanceRequest request) {
        String poolId = request.storagePoolId();
        if (poolId == null && request.imageId() != null) {
            ImageEntity image = em.find(ImageEntity.class, request.imageId());
            poolId = image == null ? null : image.getPoolId();
        }
        return poolId == null ? null : em.find(StoragePoolEntity.class, poolId);
    }

    /** Placement hints: where the disk's pool, the NICs' networks and the group's members are. */
    private static Map<String, String> hints(javax.persistence.EntityManager em, StoragePoolEntity pool,
            List<NetworkEntity> networks, AffinityGroupEntity group) {
        Map<String, String> hints = new java.util.HashMap<>();
        if (pool != null) {
            hints.put(StorageReachabilityFilter.POOL, pool.getName());
            if (pool.getHostId() != null) {
                hints.put(StorageReachabilityFilter.POOL_HOST, pool.getHostId());
            } else if (pool.getClusterId() != null) {
                hints.put(StorageReachabilityFilter.POOL_CLUSTER, pool.getClusterId());
            }
        }
        String scoped = networks.stream().filter(n -> n.getClusterId() != null).distinct()
                .map(n -> n.getName() + "=" + n.getClusterId()).collect(java.util.stream.Collectors.joining(","));
        if (!scoped.isEmpty()) {
            hints.put(NetworkReachabilityFilter.NETWORKS, scoped);
        }
        if (group != null) {
            hints.put(AffinityFilter.GROUP, group.getName());
            hints.put(AffinityFilter.KIND, group.getKind());
            hints.put(AffinityFilter.HOSTS, String.join(",", em.createQuery("SELECT DISTINCT i.hostId FROM "
                    + "InstanceEntity i WHERE i.affinityGroupId = ?1", String.class).setParameter(1, group.getId())
                    .getResultList()));
        }
        return hints;
    }

    /** Checks the disk part of a create (template, clone mode, pool, size) and returns the task's parameters. */
    private static Map<String, String> diskParams(javax.persistence.EntityManager em, InstanceRequest request,
            HostEntity host, String name) {
        Map<String, String> params = new java.util.HashMap<>();
        ImageEntity image = null;
        if (request.imageId() != null) {
            image = em.find(ImageEntity.class, request.imageId());
            if (image == null || !"template".equals(image.getKind())) {
                throw OvmException.invalid("imageId", "template " + request.imageId() + " does not exist");
            }
            params.put("imageId", image.getId());
        }
        String cloneMode = request.cloneMode() == null ? "linked" : request.cloneMode();
        if (!"linked".equals(cloneMode) && !"full".equals(cloneMode)) {
            throw OvmException.invalid("cloneMode", "cloneMode is linked or full");
        }
        if (request.cloneMode() != null && image == null) {
            throw OvmException.invalid("cloneMode", "cloneMode needs an imageId");
        }
        String poolId = request.storagePoolId() != null ? request.storagePoolId() : image == null ? null
                : image.getPoolId();
        if (request.diskGiB() != null && (request.diskGiB() < 1 || request.diskGiB() > MAX_DISK_GIB)) {
            throw OvmException.invalid("diskGiB", "diskGiB must be between 1 and " + MAX_DISK_GIB + ", got "
                    + request.diskGiB());
        }
        if (poolId == null) {
            if (request.diskGiB() != null) {
                throw OvmException.invalid("storagePoolId", "a disk needs a storagePoolId");
            }
            if (request.isoImageId() != null) {
                throw OvmException.invalid("storagePoolId", "an ISO install needs a disk: give storagePoolId and "
                        + "diskGiB");
            }
            return params;
        }
        StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
        if (pool == null) {
            throw OvmException.invalid("storagePoolId", "storage pool " + poolId + " does not exist");
        }
        if (!"UP".equals(pool.getState())) {
            throw OvmException.conflict("storagePoolId", "storage pool " + pool.getName() + " is " + pool.getState());
        }
        if (pool.getHostId() != null && !pool.getHostId().equals(host.getId())) {
            throw OvmException.invalid("storagePoolId", "storage pool " + pool.getName()
                    + " is local to another host than " + host.getName());
        }
        if (image != null && "linked".equals(cloneMode) && !image.getPoolId().equals(poolId)) {
            throw OvmException.invalid("cloneMode", "a linked clone lives in its template's pool; use cloneMode "
                    + "full to copy into another pool");
        }
        if (request.isoImageId() != null) {
            ImageEntity iso = em.find(ImageEntity.class, request.isoImageId());
            if (iso == null || !"iso".equals(iso.getKind())) {
                throw OvmException.invalid("isoImageId", "ISO image " + request.isoImageId() + " does not exist");
            }
            StoragePoolEntity isoPool = em.find(StoragePoolEntity.class, iso.getPoolId());
            if (isoPool.getHostId() != null && !isoPool.getHostId().equals(host.getId())) {
                throw OvmException.invalid("isoImageId", "ISO image " + iso.getName() + " is in a pool local to "
                        + "another host than " + host.getName());
            }
            params.put("isoImageId", iso.getId());
        }
        if (image == null && request.diskGiB() == null) {
            throw OvmException.invalid("diskGiB", "an empty disk needs diskGiB (or give an imageId to clone)");
        }
        long bytes = request.diskGiB() != null ? request.diskGiB() * GIB : image.getSizeBytes();
        if (image != null && bytes < image.getSizeBytes()) {
            throw OvmException.invalid("diskGiB", "the disk must be at least the template's size ("
                    + image.getSizeBytes() + " bytes)");
        }
        params.put("storagePoolId", poolId);
        params.put("cloneMode", cloneMode);
        params.put("diskBytes", String.valueOf(bytes));
        params.put("volumeName", name + "-disk0.qcow2");
        return params;
    }

    private static int requireRange(String field, Long value, long min, long max) {
        if (value == null) {
            throw OvmException.invalid(field, field + " is required");
        }
        if (value < min || value > max) {
            throw OvmException.invalid(field, field + " must be between " + min + " and " + max + ", got " + value);
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    static InstanceView view(InstanceEntity i, List<org.ovm.core.NicView> nics) {
        return new InstanceView(i.getId(), i.getName(), i.getHostId(), i.getVdcId(), i.getState(), i.getCpus(),
                i.getMemoryMib(), i.isManaged(), i.getBackendId(), Json.read(i.getDetails()), nics,
                i.getAffinityGroupId(), Times.iso(i.getCreatedAt()), Times.iso(i.getUpdatedAt()));
    }
}
