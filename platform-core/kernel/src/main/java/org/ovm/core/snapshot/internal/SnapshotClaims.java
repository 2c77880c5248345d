package org.ovm.core.snapshot.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.internal.TaskState;

/**
 * What a new snapshot claims (review F5), inside the request's transaction: a place among the
 * instance's at most {@code limit} snapshots, its name, and disk quota in the instance's VDC.
 *
 * <p>A snapshot claims against {@code diskGiB} what it can make the instance's files grow by: a
 * snapshot of a running (or paused) instance stores its memory, so it claims the instance's memory
 * rounded up to whole GiB; a snapshot of a stopped instance (disk only) claims 1 GiB. The disk's
 * virtual size would be the strict bound of what a disk-only snapshot can keep, but it would make
 * every snapshot cost a whole disk; the count limit bounds the rest. The claim is given back when
 * the snapshot or its instance is deleted, and by the task's compensation when it fails.
 */
final class SnapshotClaims {

    private static final long MIB_PER_GIB = 1024;

    private final QuotaClaims quotas;
    private final int limit;

    SnapshotClaims(QuotaClaims quotas, int limit) {
        this.quotas = quotas;
        this.limit = limit;
    }

    /** The GiB a snapshot of {@code instance} taken now claims. */
    static long gib(InstanceEntity instance) {
        boolean withMemory = instance.getState() == InstanceState.RUNNING
                || instance.getState() == InstanceState.PAUSED;
        return withMemory ? Math.max(1, (instance.getMemoryMib() + MIB_PER_GIB - 1) / MIB_PER_GIB) : 1;
    }

    /**
     * Checks the count and the name without a lock (for the plain answer), claims the quota (which
     * locks the VDC's row), then locks the instance's row (VDC before instance, the order an
     * instance delete's release takes) and checks again, counting snapshots whose tasks are queued
     * or running, so concurrent requests cannot pass the limit or take one name twice.
     */
    void claim(EntityManager em, InstanceEntity instance, String name, long gib) {
        check(em, instance, name);
        quotas.claim(em, instance.getVdcId(), 0, 0, gib, 0);
        em.createNativeQuery("UPDATE INSTANCES SET STATE = STATE WHERE ID = ?").setParameter(1, instance.getId())
                .executeUpdate();
        String state = (String) em.createNativeQuery("SELECT STATE FROM INSTANCES WHERE ID = ?")
                .setParameter(1, instance.getId()).getSingleResult();
        if (InstanceState.valueOf(state).transitional()) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is " + state);
        }
        check(em, instance, name);
    }

    private void check(EntityManager em, InstanceEntity instance, String name) {
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Object[] row : em.createQuery("SELECT s.id, s.name FROM SnapshotEntity s WHERE s.instanceId = ?1",
                Object[].class).setParameter(1, instance.getId()).getResultList()) {
            ids.add((String) row[0]);
            names.add((String) row[1]);
        }
        List<String> pending = em.createQuery("SELECT t.params FROM TaskEntity t WHERE t.resourceId = ?1 AND "
                + "t.operation = ?2 AND (t.state = ?3 OR t.state = ?4)", String.class)
                .setParameter(1, instance.getId()).setParameter(2, SnapshotOperations.CREATE)
                .setParameter(3, TaskState.QUEUED.name()).setParameter(4, TaskState.RUNNING.name()).getResultList();
        for (String params : pending) {
            Map<String, String> values = Json.read(params);
            if (ids.add(values.get("snapshotId"))) {
                names.add(values.get("name"));
            }
        }
        if (names.contains(name)) {
            throw OvmException.conflict("name", "the instance already has a snapshot named " + name);
        }
        if (ids.size() >= limit) {
            throw new OvmException(OvmError.QUOTA_EXCEEDED, "snapshots", "instance " + instance.getName() + " has "
                    + ids.size() + " snapshots, the most an instance may have (snapshot.limit " + limit
                    + "): delete one first");
        }
    }
}
