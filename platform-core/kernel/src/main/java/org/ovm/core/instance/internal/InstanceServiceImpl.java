package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.console.ConsoleView;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.AdoptRequest;
import org.ovm.core.instance.InstanceLimits;
import org.ovm.core.instance.InstanceLogs;
import org.ovm.core.instance.InstancePatch;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.instance.InstanceView;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.instance.ResizeRequest;
import org.ovm.core.instance.StatsView;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.DeleteTasks;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.HypervisorCapability;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ResizeSupport;

/**
 * Instances: lists, creates (checked by {@link CreatePlanner}, written by
 * {@link InstanceCreation}), power actions, adoption, resize and delete. Backend reads live in
 * {@link BackendReads}, snapshots in their own service.
 */
public final class InstanceServiceImpl implements InstanceService {

    static final int MAX_STOP_TIMEOUT_SECONDS = 540;
    /** Filters (and {@code tag}, see {@link #list}); q searches the name; sorts: name, createdAt, state, cpus, memoryMiB. */
    private static final Lists.Spec SPEC = new Lists.Spec(Map.of("name", "name", "hostId", "hostId", "vdcId", "vdcId",
            "state", "state", "managed", "managed"), List.of("name"), Map.of("name", "name", "createdAt", "createdAt",
                    "state", "state", "cpus", "cpus", "memoryMiB", "memoryMib"), "name");

    private final Tx tx;
    private final TaskEngine engine;
    private final CapacityClaims claims;
    private final QuotaClaims quotas;
    private final EventPublisher events;
    private final InstanceRows rows;
    private final InstanceActions actions;
    private final InstanceCreation creation;
    private final BackendReads reads;
    private final DeleteTasks deletes;
    private final InstanceMigration migration;

    public InstanceServiceImpl(Tx tx, TaskEngine engine, CapacityClaims claims, QuotaClaims quotas,
            EventPublisher events, InstanceRows rows, InstanceActions actions, InstanceCreation creation,
            BackendReads reads, InstanceMigration migration) {
        this.tx = tx;
        this.migration = migration;
        this.engine = engine;
        this.claims = claims;
        this.quotas = quotas;
        this.events = events;
        this.rows = rows;
        this.actions = actions;
        this.creation = creation;
        this.reads = reads;
        this.deletes = new DeleteTasks(tx, engine);
    }

    @Override
    public Page<InstanceView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Fixed> fixed = new ArrayList<>();
        if (!caller.isAdmin()) {
            fixed.add(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        }
        Filters rest = filters;
        if (filters.get("tag") != null) {
            fixed.add(InstanceTags.filter(filters.get("tag")));
            Map<String, String> others = new HashMap<>(filters.values());
            others.remove("tag");
            rest = new Filters(others, filters.query());
        }
        Filters checked = rest;
        return tx.call(em -> {
            // the whole inventory's total is the sum of the hosts' counts: no COUNT over every instance
            Page<InstanceEntity> found = Lists.page(em, InstanceEntity.class, SPEC, checked, fixed, page, i -> i,
                    () -> em.createQuery("SELECT COALESCE(SUM(h.instanceCount), 0) FROM HostEntity h",
                            Number.class).getSingleResult().longValue());
            return new Page<>(InstanceRows.views(em, found.items()), found.total());
        });
    }

    @Override
    public TaskView migrate(Caller caller, String id, MigrateRequest request) {
        return migration.migrate(caller, id, request);
    }

    @Override
    public TaskView cancelMigration(Caller caller, String id) {
        return migration.cancel(caller, id);
    }

    @Override
    public InstanceView update(Caller caller, String id, InstancePatch patch) {
        if (patch == null || (patch.tags() == null && patch.ha() == null && patch.haPriority() == null)) {
            throw OvmException.invalid("tags", "give what changes: the instance's tags ({\"tags\": [\"web\", "
                    + "\"prod\"]}), \"ha\" (true or false) or \"haPriority\"");
        }
        List<String> tags = patch.tags() == null ? null : InstanceTags.check(patch.tags());
        Integer priority = patch.haPriority() == null ? null : HaChecks.priority(patch.haPriority());
        InstanceEntity updated = tx.call(em -> {
            InstanceEntity instance = em.find(InstanceEntity.class, id);
            if (instance == null || !caller.canSee(instance.getVdcId())) {
                throw OvmException.notFound("instance", id);
            }
            if (tags != null) {
                instance.setTags(InstanceTags.encode(tags));
            }
            if (patch.ha() != null) {
                instance.setHa(patch.ha());
            }
            if (priority != null) {
                instance.setHaPriority(priority);
            }
            instance.setUpdatedAt(Times.now());
            return instance;
        });
        List<String> changes = new ArrayList<>();
        if (tags != null) {
            changes.add("tags set to [" + String.join(", ", tags) + "]");
        }
        if (patch.ha() != null) {
            changes.add("ha " + patch.ha());
        }
        if (priority != null) {
            changes.add("haPriority " + priority);
        }
        events.publish(caller, "instance/updated", id, updated.getVdcId(), "instance " + updated.getName() + " "
                + String.join(", ", changes));
        return rows.view(updated);
    }

    @Override
    public InstanceView get(Caller caller, String id) {
        return rows.view(rows.visible(caller, id));
    }

    @Override
    public TaskView create(Caller caller, InstanceRequest request) {
        TaskEntity task = tx.call(em -> creation.prepare(em, caller, request, null));
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView start(Caller caller, String id) {
        return actions.submit(caller, id, InstanceOperations.START, InstanceParams.Power::new);
    }

    @Override
    public TaskView stop(Caller caller, String id, boolean force, Integer timeoutSeconds) {
        // within the task's own time limit, so the stop ends before the task is cut off
        Integer timeout = timeoutSeconds == null ? null : Checks.requireRange("timeout", timeoutSeconds.longValue(), 1,
                MAX_STOP_TIMEOUT_SECONDS);
        return actions.submit(caller, id, InstanceOperations.STOP, backendId -> new InstanceParams.Stop(backendId,
                force, timeout));
    }

    @Override
    public TaskView reboot(Caller caller, String id) {
        return actions.submit(caller, id, InstanceOperations.REBOOT, InstanceParams.Power::new);
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
        events.publish(caller, "instance/adopted", id, vdcId, "instance " + adopted.getName()
                + " adopted" + (vdcId == null ? "" : " into VDC " + vdcId));
        return rows.view(adopted);
    }

    @Override
    public TaskView delete(Caller caller, String id, boolean deleteVolumes) {
        InstanceEntity instance = rows.visible(caller, id);
        actions.requireDriver(instance);
        // marks it DELETING with the task, in one transaction; a delete already queued or running is
        // the answer to a second one
        return deletes.start(caller, new DeleteTasks.Target("instance", instance.getName(), id, instance.getVdcId(),
                InstanceOperations.DELETE, "UPDATE INSTANCES SET STATE = ?, UPDATED_AT = ? WHERE ID = ?",
                List.of(InstanceState.DELETING.name(), Times.now())), new InstanceParams.Delete(deleteVolumes),
                em -> {
                });
    }

    @Override
    public ConsoleView console(Caller caller, String id) {
        return reads.console(caller, id, false).view();
    }

    @Override
    public StatsView stats(Caller caller, String id) {
        return reads.stats(caller, id);
    }

    @Override
    public InstanceLogs logs(Caller caller, String id, Integer tail, String since, boolean follow) {
        return reads.logs(caller, id, tail, since, follow);
    }

    @Override
    public TaskView resize(Caller caller, String id, ResizeRequest request) {
        if (request == null || request.cpus() == null && request.memoryMiB() == null) {
            throw OvmException.invalid(null, "give cpus and/or memoryMiB");
        }
        InstanceEntity instance = rows.visible(caller, id);
        if (instance.getBackendId() == null || instance.getState() == InstanceState.CREATING
                || instance.getState() == InstanceState.DELETING) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is " + instance.getState());
        }
        int cpus = request.cpus() == null ? instance.getCpus()
                : Checks.requireRange("cpus", request.cpus().longValue(), 1, InstanceLimits.MAX_CPUS);
        long memory = request.memoryMiB() == null ? instance.getMemoryMib()
                : Checks.requireRange("memoryMiB", request.memoryMiB(), InstanceLimits.MIN_MEMORY_MIB,
                        InstanceLimits.MAX_MEMORY_MIB);
        HostEntity host = rows.host(instance);
        HypervisorDriver driver = actions.driver(host);
        if (!(driver instanceof ResizeSupport)) {
            throw OvmException.invalid(null, host.getType() + " instances cannot be resized");
        }
        if (instance.getState() == InstanceState.RUNNING
                && !driver.capabilities().contains(HypervisorCapability.HOT_RESIZE)) {
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
            return engine.create(em, InstanceOperations.RESIZE, id, caller, instance.getVdcId(),
                    new InstanceParams.Resize(instance.getBackendId(), cpus, memory, cpuDelta, memoryDelta));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }
}
