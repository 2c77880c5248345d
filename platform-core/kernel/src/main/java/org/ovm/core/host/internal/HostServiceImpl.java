package org.ovm.core.host.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.CertificateRequest;
import org.ovm.core.host.HostCertificate;
import org.ovm.core.host.HostRequest;
import org.ovm.core.host.HostService;
import org.ovm.core.host.HostState;
import org.ovm.core.host.HostUpdate;
import org.ovm.core.host.HostUpdated;
import org.ovm.core.host.HostView;
import org.ovm.core.host.PowerManagementRequest;
import org.ovm.core.host.PowerTest;
import org.ovm.core.instance.internal.HostDrains;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.storage.internal.PoolHosts;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.hypervisor.HypervisorDriver;

/** Hosts: validation, registration and the connect task. Admin only. */
public final class HostServiceImpl implements HostService {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Map<String, String> FILTERS = Map.of("name", "name", "type", "type", "state", "state",
            "clusterId", "clusterId");

    private final Tx tx;
    private final TaskEngine engine;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final HostAccess access;
    private final EventPublisher events;
    private final HostEdits edits;
    private final HostPowerManagement power;
    private final HostFencing fencing;
    private final BiFunction<Caller, String, TaskView> confirmDown;

    public HostServiceImpl(Tx tx, TaskEngine engine, DriverRegistry<HypervisorDriver> drivers, HostAccess access,
            EventPublisher events) {
        this(tx, engine, drivers, access, events, (caller, id) -> {
            throw new UnsupportedOperationException("HA restarts are not wired");
        });
    }

    public HostServiceImpl(Tx tx, TaskEngine engine, DriverRegistry<HypervisorDriver> drivers, HostAccess access,
            EventPublisher events, BiFunction<Caller, String, TaskView> confirmDown) {
        this(tx, engine, drivers, access, events, confirmDown, null, Runnable::run);
    }

    /** With power management and fencing through the fence drivers of {@code fences}. */
    public HostServiceImpl(Tx tx, TaskEngine engine, DriverRegistry<HypervisorDriver> drivers, HostAccess access,
            EventPublisher events, BiFunction<Caller, String, TaskView> confirmDown, DriverRegistry<FenceDriver> fences,
            Executor executor) {
        this.confirmDown = confirmDown;
        this.tx = tx;
        this.engine = engine;
        this.drivers = drivers;
        this.access = access;
        this.events = events;
        this.edits = new HostEdits(tx, engine, drivers, access, events, this::view);
        this.power = new HostPowerManagement(tx, access, fences, events, executor, this::view);
        this.fencing = new HostFencing(tx, engine, fences, power, events);
    }

    /** The fencing of failed hosts with power management (the monitor asks it, the task engine runs it). */
    public HostFencing fencing() {
        return fencing;
    }

    @Override
    public HostView setPowerManagement(Caller caller, String id, PowerManagementRequest request) {
        return power.set(caller, id, request);
    }

    @Override
    public HostView removePowerManagement(Caller caller, String id) {
        return power.remove(caller, id);
    }

    @Override
    public PowerTest testPowerManagement(Caller caller, String id, PowerManagementRequest request) {
        return power.test(caller, id, request);
    }

    @Override
    public Page<HostView> list(Caller caller, Filters filters, PageRequest page) {
        caller.requireAdmin();
        return tx.call(em -> Lists.page(em, HostEntity.class, FILTERS, filters, List.of(), "name", page,
                this::view));
    }

    @Override
    public HostView get(Caller caller, String id) {
        caller.requireAdmin();
        return view(find(id));
    }

    @Override
    public TaskView add(Caller caller, HostRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, type and uri is required");
        }
        String name = Ids.requireName("name", request.name());
        if (request.type() == null || !TYPE.matcher(request.type()).matches()) {
            throw OvmException.invalid("type", "type is required: a hypervisor type such as kvm, esxi or docker");
        }
        HostChecks.uri(request.uri());
        HostChecks.credentials(request.username(), request.password());
        if (request.password() != null && request.username() == null) {
            throw OvmException.invalid("username", "a password was given without a username");
        }
        Map<String, String> settings = HostChecks.settings(request.settings());
        Map<String, String> secrets = HostChecks.secrets(request.secrets(), settings);
        drivers.require(request.type());
        TaskEntity task = tx.call(em -> {
            Ids.requireUnusedName(em, HostEntity.class, "host", name);
            double cpuRatio = 4.0;
            double memoryRatio = 1.0;
            if (request.clusterId() != null) {
                ClusterEntity cluster = em.find(ClusterEntity.class, request.clusterId());
                if (cluster == null) {
                    throw OvmException.invalid("clusterId", "cluster " + request.clusterId() + " does not exist");
                }
                if (cluster.getHypervisorType() != null && !cluster.getHypervisorType().equals(request.type())) {
                    throw OvmException.invalid("type", "cluster " + cluster.getName() + " holds "
                            + cluster.getHypervisorType() + " hosts, not " + request.type());
                }
                cpuRatio = cluster.getCpuOvercommit();
                memoryRatio = cluster.getMemoryOvercommit();
            }
            HostEntity host = new HostEntity();
            host.setId(Ids.newId());
            host.setName(name);
            host.setType(request.type());
            host.setUri(request.uri());
            host.setUsername(request.username());
            host.setSecret(access.encrypt(request.password()));
            host.setClusterId(request.clusterId());
            host.setState(HostState.CONNECTING);
            host.setCpuOvercommit(cpuRatio);
            host.setMemoryOvercommit(memoryRatio);
            host.setFacts(Json.write(Map.of()));
            host.setSettings(Json.write(settings));
            host.setSecrets(secrets.isEmpty() ? null : access.encrypt(Json.write(secrets)));
            host.setCreatedAt(Times.now());
            em.persist(host);
            return engine.create(em, HostOperations.CONNECT, host.getId(), caller, null, TaskParams.NONE);
        });
        engine.start(task);
        events.publish(caller, "host/added", task.getResourceId(), null, "host " + name + " added ("
                + request.type() + ", " + request.uri() + ")");
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView refresh(Caller caller, String id) {
        caller.requireAdmin();
        HostEntity host = find(id);
        drivers.require(host.getType());
        return TaskServiceImpl.view(engine.submit(HostOperations.CONNECT, id, caller, null, TaskParams.NONE), List.of());
    }

    @Override
    public HostView enterMaintenance(Caller caller, String id) {
        caller.requireAdmin();
        TaskEntity[] drain = new TaskEntity[1];
        HostEntity host = tx.call(em -> {
            HostEntity entity = em.find(HostEntity.class, id);
            if (entity == null) {
                throw OvmException.notFound("host", id);
            }
            if (entity.getState() == HostState.MAINTENANCE) {
                return entity;
            }
            if (entity.getState() == HostState.PREPARING_FOR_MAINTENANCE
                    && TaskEngine.pending(em, id, HostDrains.NAME)) {
                return entity; // asked again while its instances move
            }
            boolean answers = entity.getState() == HostState.UP || entity.getState() == HostState.CONNECTING
                    || entity.getState() == HostState.SUSPECT
                    || entity.getState() == HostState.PREPARING_FOR_MAINTENANCE;
            List<String> busy = !answers ? List.of() : em.createQuery("SELECT i.name FROM InstanceEntity i WHERE "
                    + "i.hostId = ?1 AND i.state <> 'STOPPED' AND i.state <> 'MISSING' ORDER BY i.name", String.class)
                    .setParameter(1, id).getResultList();
            HostState next = busy.isEmpty() ? HostState.MAINTENANCE : HostState.PREPARING_FOR_MAINTENANCE;
            // the row lock first: a create that books this host waits, then sees it out of service
            em.createNativeQuery("UPDATE HOSTS SET STATE = ? WHERE ID = ?").setParameter(1, next.name())
                    .setParameter(2, id).executeUpdate();
            em.refresh(entity);
            if (busy.isEmpty()) {
                entity.setStateReason("maintenance since " + Instant.ofEpochMilli(Times.now()) + " by "
                        + caller.username());
                return entity;
            }
            drain[0] = engine.create(em, HostDrains.NAME, id, caller, null, TaskParams.NONE);
            entity.setStateReason("moving " + busy.size() + " instance(s) to other hosts of its cluster (task "
                    + drain[0].getId() + "): " + String.join(", ", busy.subList(0, Math.min(5, busy.size())))
                    + (busy.size() > 5 ? ", ..." : ""));
            return entity;
        });
        if (drain[0] != null) {
            engine.start(drain[0]);
            events.publish(caller, "host/preparing-for-maintenance", id, null, "host " + host.getName()
                    + " prepares for maintenance: " + host.getStateReason());
        } else if (host.getState() == HostState.MAINTENANCE) {
            events.publish(caller, "host/maintenance", id, null, "host " + host.getName() + " is in maintenance");
        }
        return view(host);
    }

    @Override
    public TaskView activate(Caller caller, String id) {
        caller.requireAdmin();
        HostEntity host = find(id);
        drivers.require(host.getType());
        TaskEntity task = tx.call(em -> {
            HostEntity entity = em.find(HostEntity.class, id);
            if (entity.getState() != HostState.MAINTENANCE
                    && entity.getState() != HostState.PREPARING_FOR_MAINTENANCE) {
                throw OvmException.conflict(null, "host " + entity.getName() + " is " + entity.getState()
                        + ", not in maintenance");
            }
            entity.setState(HostState.CONNECTING);
            entity.setStateReason(null);
            return engine.create(em, HostOperations.CONNECT, id, caller, null, TaskParams.NONE);
        });
        engine.start(task);
        events.publish(caller, "host/activated", id, null, "host " + host.getName()
                + " leaves maintenance");
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public HostUpdated update(Caller caller, String id, HostUpdate update) {
        return edits.update(caller, id, update);
    }

    @Override
    public TaskView confirmDown(Caller caller, String id) {
        return confirmDown.apply(caller, id);
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        HostEntity removed = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, id);
            if (host == null) {
                throw OvmException.notFound("host", id);
            }
            long instances = em.createQuery("SELECT COUNT(i) FROM InstanceEntity i WHERE i.hostId = ?1 AND "
                    + "i.managed = TRUE", Long.class).setParameter(1, id).getSingleResult();
            if (instances > 0) {
                throw OvmException.conflict(null, "host " + host.getName() + " still has " + instances
                        + " managed instance(s); delete or migrate them first");
            }
            List<String> pools = PoolHosts.onlyHostOf(em, id);
            long local = em.createQuery("SELECT COUNT(p) FROM StoragePoolEntity p WHERE p.hostId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            if (!pools.isEmpty() || local > 0) {
                throw OvmException.conflict(null, "host " + host.getName() + " still serves "
                        + Math.max(pools.size(), local) + " storage pool(s)" + (pools.isEmpty() ? ""
                                : " (" + String.join(", ", pools.subList(0, Math.min(5, pools.size()))) + ")")
                        + "; remove them first");
            }
            // the shared pools it was attached to stay on their other hosts
            PoolHosts.forget(em, id);
            // definitions HA restarts left on it: the host is gone, nothing to remove them from
            em.createNativeQuery("DELETE FROM HA_LEFTOVERS WHERE HOST_ID = ?").setParameter(1, id).executeUpdate();
            // discovered instances and the images the host keeps are mirrors of the host: forgotten, untouched
            em.createQuery("DELETE FROM InstanceEntity i WHERE i.hostId = ?1 AND i.managed = FALSE")
                    .setParameter(1, id).executeUpdate();
            em.createQuery("DELETE FROM HostImageEntity i WHERE i.hostId = ?1").setParameter(1, id).executeUpdate();
            em.remove(host);
            return host;
        });
        drivers.find(removed.getType()).ifPresent(driver -> driver.release(id));
        events.publish(caller, "host/removed", id, null, "host " + removed.getName() + " removed");
    }


    private HostEntity find(String id) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, id));
        if (host == null) {
            throw OvmException.notFound("host", id);
        }
        return host;
    }

    HostView view(HostEntity h) {
        return new HostView(h.getId(), h.getName(), h.getType(), h.getUri(), h.getUsername(), h.getClusterId(),
                Objects.toString(h.getState(), null), h.getStateReason(),
                tx.call(em -> PoolHosts.storageReason(em, h.getId())), h.getCpuModel(), h.getCpus(), h.getMemoryMib(),
                h.getHypervisorVersion(), h.getAllocCpus(), h.getAllocMemoryMib(), h.getCpuOvercommit(),
                h.getMemoryOvercommit(), Json.read(h.getFacts()), Json.read(h.getSettings()), access.secretNames(h),
                Times.iso(h.getLastProbe()), Times.iso(h.getCreatedAt()), HostPowerManagement.of(h),
                h.getConfirmedDownAt() == null ? null : Times.iso(h.getConfirmedDownAt()), h.getConfirmedDownBy());
    }

    @Override
    public HostCertificate certificate(Caller caller, CertificateRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with the uri is required");
        }
        return HostCertificates.read(request.uri());
    }
}
