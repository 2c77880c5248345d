package org.ovm.core.summary.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.ovm.core.Caller;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.InstanceKinds;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.VdcService;
import org.ovm.core.storage.PoolState;
import org.ovm.core.summary.SummaryService;
import org.ovm.core.summary.SummaryView;
import org.ovm.core.summary.SummaryView.AlarmSummary;
import org.ovm.core.summary.SummaryView.ClusterSummary;
import org.ovm.core.summary.SummaryView.FailureSummary;
import org.ovm.core.summary.SummaryView.HostCounts;
import org.ovm.core.summary.SummaryView.InstanceCounts;
import org.ovm.core.summary.SummaryView.PoolSummary;
import org.ovm.core.summary.SummaryView.TaskCounts;
import org.ovm.core.task.internal.TaskServiceImpl;

/**
 * The dashboard's summary from a fixed number of aggregate queries (none per host, instance or
 * task). Instances are the caller's VDC's unless an admin asks; tasks and failures are those the
 * caller may read in the task list (the same rule, {@link TaskServiceImpl#visibleTo}).
 */
public final class SummaryServiceImpl implements SummaryService {

    private static final long DAY_MILLIS = 24L * 3600 * 1000;
    private static final List<String> FAILED = List.of("FAILED", "ROLLED_BACK");
    private static final List<String> UNFINISHED = List.of("QUEUED", "RUNNING");

    private final Tx tx;
    private final VdcService vdcs;

    public SummaryServiceImpl(Tx tx, VdcService vdcs) {
        this.tx = tx;
        this.vdcs = vdcs;
    }

    @Override
    public SummaryView summary(Caller caller) {
        boolean admin = caller.isAdmin();
        SummaryView counted = tx.call(em -> {
            List<Lists.Condition> mine = admin ? List.of()
                    : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
            Lists.Query instances = Lists.conditions(mine);
            Lists.Query tasks = Lists.conditions(TaskServiceImpl.visibleTo(caller));
            Map<String, Long> instanceStates = grouped(em, "state", "InstanceEntity", instances);
            Map<String, Long> types = new LinkedHashMap<>();
            grouped(em, "kind", "InstanceEntity", instances).forEach((kind, n) -> types.merge(kind == null
                    ? InstanceKinds.VM : kind, n, Long::sum));
            TaskCounts taskCounts = new TaskCounts(
                    count(em, tasks, "e.state IN ?" + (tasks.params().size() + 1), UNFINISHED),
                    count(em, tasks, "e.state IN ?" + (tasks.params().size() + 1) + " AND e.finishedAt >= ?"
                            + (tasks.params().size() + 2), FAILED, Times.now() - DAY_MILLIS));
            HostCounts hosts = null;
            List<ClusterSummary> clusters = List.of();
            List<PoolSummary> pools = List.of();
            List<AlarmSummary> alarms = List.of();
            if (admin) {
                Map<String, Long> hostStates = grouped(em, "state", "HostEntity", Lists.conditions(List.of()));
                hosts = new HostCounts(sum(hostStates), hostStates);
                clusters = clusters(em);
                pools = pools(em);
                alarms = new ArrayList<>(hostAlarms(em));
                for (PoolSummary pool : pools) {
                    if (!PoolState.UP.name().equals(pool.state())) {
                        alarms.add(new AlarmSummary("pool", pool.id(), pool.name(), pool.state(), pool.stateReason(),
                                null));
                    }
                }
            }
            return new SummaryView(hosts, new InstanceCounts(sum(instanceStates), instanceStates, types), taskCounts,
                    clusters, pools, failures(em, tasks), alarms, null);
        });
        if (admin || caller.vdcId() == null) {
            return counted;
        }
        return new SummaryView(null, counted.instances(), counted.tasks(), List.of(), List.of(),
                counted.recentFailures(), List.of(), vdcs.get(caller, caller.vdcId()));
    }

    /** {@code attribute} → how many rows of {@code entity} have it, under {@code where}. */
    private static Map<String, Long> grouped(EntityManager em, String attribute, String entity, Lists.Query where) {
        TypedQuery<Object[]> query = em.createQuery("SELECT e." + attribute + ", COUNT(e) FROM " + entity + " e"
                + where.where() + " GROUP BY e." + attribute + " ORDER BY e." + attribute, Object[].class);
        bind(query, where.params());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : query.getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    private static long count(EntityManager em, Lists.Query where, String condition, Object... more) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(e) FROM TaskEntity e" + where.and(condition),
                Long.class);
        List<Object> params = new ArrayList<>(where.params());
        params.addAll(List.of(more));
        bind(query, params);
        return query.getSingleResult();
    }

    private static List<FailureSummary> failures(EntityManager em, Lists.Query tasks) {
        TypedQuery<TaskEntity> query = em.createQuery("SELECT e FROM TaskEntity e" + tasks.and("e.state IN ?"
                + (tasks.params().size() + 1)) + " ORDER BY e.updatedAt DESC", TaskEntity.class);
        List<Object> params = new ArrayList<>(tasks.params());
        params.add(FAILED);
        bind(query, params);
        return query.setMaxResults(SummaryView.RECENT_FAILURES).getResultList().stream()
                .map(t -> new FailureSummary(t.getId(), t.getOperation(), t.getResourceType(), t.getResourceName(),
                        t.getError(), t.getCaller(), Times.iso(t.getFinishedAt() == null ? t.getUpdatedAt()
                                : t.getFinishedAt())))
                .toList();
    }

    private static List<ClusterSummary> clusters(EntityManager em) {
        Map<String, long[]> byCluster = new HashMap<>(); // hosts, up, cpus, allocated cpus, memory, allocated memory
        for (Object[] row : em.createQuery("SELECT h.clusterId, h.state, COUNT(h), SUM(h.cpus), SUM(h.allocCpus), "
                + "SUM(h.memoryMib), SUM(h.allocMemoryMib) FROM HostEntity h WHERE h.clusterId IS NOT NULL "
                + "GROUP BY h.clusterId, h.state", Object[].class).getResultList()) {
            long[] totals = byCluster.computeIfAbsent((String) row[0], k -> new long[6]);
            long hosts = number(row[2]);
            totals[0] += hosts;
            totals[1] += HostState.UP.name().equals(row[1]) ? hosts : 0;
            for (int i = 2; i < 6; i++) {
                totals[i] += number(row[i + 1]);
            }
        }
        return em.createQuery("SELECT c FROM ClusterEntity c ORDER BY c.name", ClusterEntity.class).getResultList()
                .stream().map(c -> {
                    long[] t = byCluster.getOrDefault(c.getId(), new long[6]);
                    return new ClusterSummary(c.getId(), c.getName(), c.getHypervisorType(), t[0], t[1], t[2], t[3],
                            c.getCpuOvercommit(), t[4], t[5], c.getMemoryOvercommit());
                }).toList();
    }

    private static List<PoolSummary> pools(EntityManager em) {
        List<StoragePoolEntity> pools = em.createQuery("SELECT p FROM StoragePoolEntity p ORDER BY p.name",
                StoragePoolEntity.class).getResultList();
        return pools.stream().map(p -> new PoolSummary(p.getId(), p.getName(), p.getType(),
                Objects.toString(p.getState(), null), p.getStateReason(), p.getTotalBytes(),
                p.getAvailableBytes())).toList();
    }

    private static List<AlarmSummary> hostAlarms(EntityManager em) {
        List<HostEntity> hosts = em.createQuery("SELECT h FROM HostEntity h WHERE h.state <> ?1 ORDER BY h.name",
                HostEntity.class).setParameter(1, HostState.UP.name()).getResultList();
        Map<String, Long> since = new HashMap<>();
        if (!hosts.isEmpty()) {
            for (Object[] row : em.createQuery("SELECT e.resourceId, MAX(e.occurredAt) FROM EventEntity e WHERE "
                    + "e.resourceId IN :ids AND e.topic IN :topics GROUP BY e.resourceId", Object[].class)
                    .setParameter("ids", hosts.stream().map(HostEntity::getId).toList())
                    .setParameter("topics", List.of("host/state", "host/suspect", "host/down", "host/non-responsive", "host/confirmed-down", "host/maintenance", "host/added"))
                    .getResultList()) {
                since.put((String) row[0], number(row[1]));
            }
        }
        return hosts.stream().map(h -> new AlarmSummary("host", h.getId(), h.getName(),
                Objects.toString(h.getState(), null), h.getStateReason(),
                since.containsKey(h.getId()) ? Times.iso(since.get(h.getId())) : null)).toList();
    }

    private static void bind(javax.persistence.Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
