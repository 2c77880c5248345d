package org.ovm.core.instance.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.placement.internal.PlacementHints;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.storage.internal.PoolHosts;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.MigrationSupport;
import org.ovm.spi.hypervisor.StorageMigrationSupport;

/**
 * The request {@code POST /instances/{id}/migrate} (admins only): checks the instance, its driver
 * and its disks, chooses the target (the named host, or placement among the other hosts of the
 * instance's cluster of the same type that serve every disk's pool), claims the target's capacity
 * and starts {@link InstanceMigrateOperation} on the instance's queue.
 */
public final class InstanceMigration {

    private final Tx tx;
    private final TaskEngine engine;
    private final CapacityClaims claims;
    private final Placer placer;
    private final Function<String, Optional<HypervisorDriver>> hypervisors;
    private final HostTargets hosts;

    public InstanceMigration(Tx tx, TaskEngine engine, CapacityClaims claims, Placer placer,
            Function<String, Optional<HypervisorDriver>> hypervisors) {
        this(tx, engine, claims, placer, hypervisors, null);
    }

    /** With {@code hosts} to reach a migration's source when it is cancelled. */
    public InstanceMigration(Tx tx, TaskEngine engine, CapacityClaims claims, Placer placer,
            Function<String, Optional<HypervisorDriver>> hypervisors, HostTargets hosts) {
        this.hosts = hosts;
        this.tx = tx;
        this.engine = engine;
        this.claims = claims;
        this.placer = placer;
        this.hypervisors = hypervisors;
    }

    public TaskView migrate(Caller caller, String id, MigrateRequest request) {
        if (!caller.isAdmin()) {
            throw OvmException.forbidden("only administrators move instances between hosts");
        }
        String named = request == null ? null : request.hostId();
        String poolId = request == null ? null : request.storagePoolId();
        Long bandwidth = request == null ? null : request.bandwidthMiBps();
        if (bandwidth != null && (bandwidth < 0 || bandwidth > 1_000_000)) {
            throw OvmException.invalid("bandwidthMiBps", "bandwidthMiBps must be 0 (no cap) to 1000000 MiB/s");
        }
        TaskEntity task = tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, id);
            if (instance == null) {
                throw OvmException.notFound("instance", id);
            }
            if (!instance.isManaged() || instance.getBackendId() == null) {
                throw OvmException.conflict(null, "instance " + instance.getName() + " is not managed by OVM");
            }
            if (instance.getState() != InstanceState.RUNNING && instance.getState() != InstanceState.STOPPED) {
                throw OvmException.conflict(null, "instance " + instance.getName() + " is " + instance.getState()
                        + "; only a running or stopped instance moves");
            }
            HostEntity source = em.find(HostEntity.class, instance.getHostId());
            HypervisorDriver driver = hypervisors.apply(source.getType()).orElse(null);
            if (!(driver instanceof MigrationSupport)) {
                throw OvmException.conflict(null, "instance " + instance.getName() + " runs on " + source.getType()
                        + " host " + source.getName() + ", whose driver cannot move instances between hosts");
            }
            if (poolId != null && em.find(StoragePoolEntity.class, poolId) == null) {
                throw OvmException.invalid("storagePoolId", "storage pool " + poolId + " does not exist");
            }
            // a running instance of a driver that copies disks along takes the local ones with it
            boolean carries = instance.getState() == InstanceState.RUNNING && driver instanceof StorageMigrationSupport;
            List<VolumeEntity> disks = em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 "
                    + "ORDER BY v.createdAt", VolumeEntity.class).setParameter(1, id).getResultList();
            Disks where = new Disks(disks, carries, poolId);
            HostEntity target = named != null ? named(em, instance, source, where, named) : placed(em, instance,
                    source, where);
            return engine.create(em, InstanceMigrateOperation.NAME, id, caller, instance.getVdcId(),
                    new InstanceMigrateOperation.Params(instance.getBackendId(), source.getId(), target.getId(),
                            where.poolFor(em, target), bandwidth));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /** Aborts the instance's running {@code instance.migrate} through its source host's driver. */
    public TaskView cancel(Caller caller, String id) {
        if (!caller.isAdmin()) {
            throw OvmException.forbidden("only administrators cancel migrations");
        }
        TaskEntity task = tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, id);
            if (instance == null) {
                throw OvmException.notFound("instance", id);
            }
            return em.createQuery("SELECT t FROM TaskEntity t WHERE t.resourceId = ?1 AND t.operation = ?2 AND "
                    + "t.state = 'RUNNING'", TaskEntity.class).setParameter(1, id)
                    .setParameter(2, InstanceMigrateOperation.NAME).getResultList().stream().findFirst()
                    .orElseThrow(() -> OvmException.conflict(null, "no migration of instance " + instance.getName()
                            + " runs"));
        });
        InstanceMigrateOperation.Params params = Json.fromStrings(Json.read(task.getParams()),
                InstanceMigrateOperation.Params.class);
        HostAccess.Target source = Failures.await(hosts.target(params.sourceHostId(), false), Duration.ofSeconds(10));
        if (!(source.driver() instanceof StorageMigrationSupport storage)) {
            throw OvmException.conflict(null, source.hostType() + " hosts cannot abort a migration");
        }
        OperationContext ctx = new OperationContext("cancel-" + task.getId(), Instant.now().plusSeconds(30),
                caller.username(), engine.executor());
        boolean aborted = Failures.await(storage.abortMigration(ctx, source.endpoint(), params.backendId()),
                Duration.ofSeconds(35));
        if (!aborted) {
            throw OvmException.conflict(null, "the migration of task " + task.getId() + " is not running on the host "
                    + "(it is starting or finishing): try again in a moment");
        }
        return TaskServiceImpl.view(task, List.of());
    }

    /**
     * Where an instance's disks can be on a target host: every disk on a pool that serves it, or (when the instance
     * {@code carries} its disks along) those that are not copied onto one pool of the target: the named one, else
     * the target's usable pool with the most free space.
     */
    record Disks(List<VolumeEntity> disks, boolean carries, String poolId) {

        /** Why the disks keep the instance from {@code host}, or null. */
        String refusal(EntityManager em, HostEntity host) {
            String unserved = unserved(em, disks, host.getId());
            if (unserved == null) {
                return null;
            }
            if (!carries) {
                return unserved;
            }
            try {
                poolFor(em, host);
                return null;
            } catch (OvmException e) {
                return e.getMessage();
            }
        }

        /** The pool of {@code host} the unserved disks are copied onto, null when every disk is served. */
        String poolFor(EntityManager em, HostEntity host) {
            List<VolumeEntity> moving = disks.stream().filter(d -> unserved(em, List.of(d), host.getId()) != null)
                    .toList();
            if (moving.isEmpty()) {
                return null;
            }
            long needed = moving.stream().mapToLong(VolumeEntity::getSizeBytes).sum();
            if (poolId != null) {
                StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
                if (!PoolHosts.serves(em, pool, host.getId())) {
                    throw OvmException.conflict("storagePoolId", "storage pool " + pool.getName() + " does not serve "
                            + "host " + host.getName() + ": name a pool attached to it");
                }
                if (pool.getAvailableBytes() < needed) {
                    throw OvmException.conflict("storagePoolId", "storage pool " + pool.getName() + " has "
                            + pool.getAvailableBytes() + " bytes free; the disks need " + needed);
                }
                return pool.getId();
            }
            return em.createQuery("SELECT p FROM StoragePoolEntity p ORDER BY p.availableBytes DESC, p.name",
                    StoragePoolEntity.class).getResultList().stream()
                    .filter(p -> p.getAvailableBytes() >= needed && PoolHosts.serves(em, p, host.getId()))
                    .map(StoragePoolEntity::getId).findFirst()
                    .orElseThrow(() -> OvmException.conflict("hostId", "host " + host.getName() + " has no storage "
                            + "pool with " + needed + " bytes free for the disks " + moving.stream()
                                    .map(VolumeEntity::getName).toList() + " it does not reach"));
        }
    }

    /** The named target, checked and with its capacity claimed. */
    private HostEntity named(EntityManager em, InstanceEntity instance, HostEntity source, Disks disks,
            String hostId) {
        HostEntity target = em.find(HostEntity.class, hostId);
        if (target == null) {
            throw OvmException.invalid("hostId", "host " + hostId + " does not exist");
        }
        if (target.getId().equals(source.getId())) {
            throw OvmException.invalid("hostId", "instance " + instance.getName() + " is on host " + source.getName()
                    + " already");
        }
        if (!target.getType().equals(source.getType())) {
            throw OvmException.conflict("hostId", "host " + target.getName() + " is a " + target.getType()
                    + " host; instance " + instance.getName() + " moves only to another " + source.getType() + " host");
        }
        if (target.getState() != HostState.UP) {
            throw OvmException.conflict("hostId", "host " + target.getName() + " is " + target.getState());
        }
        String refusal = disks.refusal(em, target);
        if (refusal != null) {
            throw OvmException.conflict("hostId", refusal);
        }
        Placer.verify(target, instance.getCpus(), instance.getMemoryMib(), hints(em, instance));
        claims.claim(em, target.getId(), instance.getCpus(), instance.getMemoryMib());
        return target;
    }

    /** The best other host of the source's cluster that can hold the disks, with its capacity claimed. */
    private HostEntity placed(EntityManager em, InstanceEntity instance, HostEntity source, Disks disks) {
        if (source.getClusterId() == null) {
            throw OvmException.conflict("hostId", "host " + source.getName() + " is in no cluster: name the host "
                    + "instance " + instance.getName() + " moves to");
        }
        List<HostEntity> others = em.createQuery("SELECT h FROM HostEntity h WHERE h.clusterId = ?1 AND h.id <> ?2 "
                + "ORDER BY h.name", HostEntity.class).setParameter(1, source.getClusterId())
                .setParameter(2, source.getId()).getResultList().stream()
                .filter(h -> h.getType().equals(source.getType()) && h.getState() == HostState.UP).toList();
        if (others.isEmpty()) {
            throw OvmException.conflict("hostId", "the cluster of host " + source.getName() + " has no other "
                    + source.getType() + " host that is UP");
        }
        List<String> candidates = new ArrayList<>();
        String firstRefusal = null;
        for (HostEntity host : others) {
            String refusal = disks.refusal(em, host);
            if (refusal == null) {
                candidates.add(host.getId());
            } else if (firstRefusal == null) {
                firstRefusal = "host " + host.getName() + ": " + refusal;
            }
        }
        if (candidates.isEmpty()) {
            throw OvmException.conflict("hostId", firstRefusal);
        }
        return placer.place(em, new Placer.Ask(source.getClusterId(), null, candidates, instance.getCpus(),
                instance.getMemoryMib(), hints(em, instance)));
    }

    /** Why a disk keeps the instance from {@code hostId}, or null when every disk's pool serves that host. */
    static String unserved(EntityManager em, List<VolumeEntity> disks, String hostId) {
        for (VolumeEntity disk : disks) {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, disk.getPoolId());
            if (pool != null && !PoolHosts.serves(em, pool, hostId)) {
                HostEntity owner = pool.getHostId() == null ? null : em.find(HostEntity.class, pool.getHostId());
                return "disk " + disk.getName() + " is on pool " + pool.getName() + (owner == null ? ""
                        : " of host " + owner.getName()) + "; move it to a shared pool first";
            }
        }
        return null;
    }

    /** The instance's network and affinity hints (its disks are checked by {@link #unserved}). */
    static Map<String, String> hints(EntityManager em, InstanceEntity instance) {
        List<NetworkEntity> networks = AddressClaims.of(em, instance.getId()).stream()
                .map(a -> em.find(NetworkEntity.class, a.getNetworkId())).distinct().toList();
        AffinityGroupEntity group = instance.getAffinityGroupId() == null ? null
                : em.find(AffinityGroupEntity.class, instance.getAffinityGroupId());
        return PlacementHints.of(em, null, networks, group);
    }
}
