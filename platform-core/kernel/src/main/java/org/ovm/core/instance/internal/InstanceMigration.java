package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.placement.internal.PlacementHints;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.storage.internal.PoolHosts;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.MigrationSupport;

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

    public InstanceMigration(Tx tx, TaskEngine engine, CapacityClaims claims, Placer placer,
            Function<String, Optional<HypervisorDriver>> hypervisors) {
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
            List<VolumeEntity> disks = em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 "
                    + "ORDER BY v.createdAt", VolumeEntity.class).setParameter(1, id).getResultList();
            HostEntity target = named != null ? named(em, instance, source, disks, named) : placed(em, instance,
                    source, disks);
            return engine.create(em, InstanceMigrateOperation.NAME, id, caller, instance.getVdcId(),
                    new InstanceMigrateOperation.Params(instance.getBackendId(), source.getId(), target.getId()));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    /** The named target, checked and with its capacity claimed. */
    private HostEntity named(EntityManager em, InstanceEntity instance, HostEntity source, List<VolumeEntity> disks,
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
        String unserved = unserved(em, disks, target.getId());
        if (unserved != null) {
            throw OvmException.conflict("hostId", unserved);
        }
        Placer.verify(target, instance.getCpus(), instance.getMemoryMib(), hints(em, instance));
        claims.claim(em, target.getId(), instance.getCpus(), instance.getMemoryMib());
        return target;
    }

    /** The best other host of the source's cluster that serves every disk, with its capacity claimed. */
    private HostEntity placed(EntityManager em, InstanceEntity instance, HostEntity source, List<VolumeEntity> disks) {
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
            String unserved = unserved(em, disks, host.getId());
            if (unserved == null) {
                candidates.add(host.getId());
            } else if (firstRefusal == null) {
                firstRefusal = unserved;
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
