package org.ovm.core.snapshot.internal;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.instance.internal.InstanceActions;
import org.ovm.core.instance.internal.InstanceRows;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.SnapshotEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.snapshot.SnapshotRequest;
import org.ovm.core.snapshot.SnapshotService;
import org.ovm.core.snapshot.SnapshotView;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.SnapshotSupport;

/** Snapshots: checks the request and the instance, then submits a {@link SnapshotOperations} task. */
public final class SnapshotServiceImpl implements SnapshotService {

    static final int MAX_DESCRIPTION = 1000;

    private final Tx tx;
    private final InstanceRows rows;
    private final InstanceActions actions;
    private final TaskEngine engine;
    private final SnapshotClaims claims;

    /** {@code limit}: how many snapshots one instance may have. */
    public SnapshotServiceImpl(Tx tx, InstanceRows rows, InstanceActions actions, TaskEngine engine,
            QuotaClaims quotas, int limit) {
        this.tx = tx;
        this.rows = rows;
        this.actions = actions;
        this.engine = engine;
        this.claims = new SnapshotClaims(quotas, limit);
    }

    @Override
    public List<SnapshotView> list(Caller caller, String instanceId) {
        rows.visible(caller, instanceId);
        return tx.call(em -> em.createQuery("SELECT s FROM SnapshotEntity s WHERE s.instanceId = ?1 ORDER BY "
                + "s.createdAt", SnapshotEntity.class).setParameter(1, instanceId).getResultList()).stream()
                .map(SnapshotServiceImpl::view).toList();
    }

    @Override
    public TaskView create(Caller caller, String instanceId, SnapshotRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with a name is required");
        }
        InstanceEntity instance = rows.visible(caller, instanceId);
        HostEntity host = rows.host(instance);
        if (!(actions.driver(host) instanceof SnapshotSupport)) {
            throw OvmException.invalid(null, host.getType() + " instances cannot be snapshotted");
        }
        String name = Ids.requireName("name", request.name());
        Checks.requireText("description", request.description(), MAX_DESCRIPTION);
        InstanceEntity actionable = actions.actionable(caller, instanceId, SnapshotOperations.CREATE);
        long gib = SnapshotClaims.gib(actionable);
        String snapshotId = Ids.newId();
        TaskEntity task = tx.call(em -> {
            claims.claim(em, actionable, name, gib);
            return engine.create(em, SnapshotOperations.CREATE, instanceId, caller, actionable.getVdcId(),
                    new SnapshotParams(actionable.getBackendId(), snapshotId, name, request.description(), gib));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public TaskView revert(Caller caller, String instanceId, String snapshotId) {
        requireSnapshot(caller, instanceId, snapshotId);
        return actions.submit(caller, instanceId, SnapshotOperations.REVERT, backendId -> new SnapshotParams(
                backendId, snapshotId));
    }

    @Override
    public TaskView delete(Caller caller, String instanceId, String snapshotId) {
        requireSnapshot(caller, instanceId, snapshotId);
        return actions.submit(caller, instanceId, SnapshotOperations.DELETE, backendId -> new SnapshotParams(
                backendId, snapshotId));
    }

    private void requireSnapshot(Caller caller, String instanceId, String snapshotId) {
        rows.visible(caller, instanceId);
        SnapshotEntity snapshot = tx.call(em -> em.find(SnapshotEntity.class, snapshotId));
        if (snapshot == null || !snapshot.getInstanceId().equals(instanceId)) {
            throw OvmException.notFound("snapshot", snapshotId);
        }
    }

    static SnapshotView view(SnapshotEntity s) {
        return new SnapshotView(s.getId(), s.getInstanceId(), s.getName(), s.getDescription(), s.getPowerState(),
                Times.iso(s.getCreatedAt()));
    }
}
