package org.ovm.core.balance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ovm.core.balance.BalancingSettings;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.MigrationSupport;
import org.ovm.spi.hypervisor.StatsSupport;

/**
 * Measures a cluster for a balancing run: its UP hosts, the instances on them with their CPU use over the window
 * ({@link LoadWindow}, sampled now through each driver's {@link StatsSupport}), their affinity groups, and what keeps
 * an instance in place (not managed, a task running on it, a driver that cannot migrate, not RUNNING).
 */
final class ClusterLoads {

    /** What a run sees: the proposer's input, notes on the measurement, and whether a migration is running. */
    record Measured(List<Proposer.Host> hosts, List<Proposer.Vm> vms, List<String> notes, String migrating) {
    }

    private final Tx tx;
    private final HostTargets targets;
    private final Function<String, Optional<HypervisorDriver>> hypervisors;
    private final ExecutorService executor;
    private final LoadWindow window = new LoadWindow();

    ClusterLoads(Tx tx, HostTargets targets, Function<String, Optional<HypervisorDriver>> hypervisors,
            ExecutorService executor) {
        this.tx = tx;
        this.targets = targets;
        this.hypervisors = hypervisors;
        this.executor = executor;
    }

    Measured measure(String clusterId, BalancingSettings settings) {
        List<HostEntity> hosts = tx.call(em -> em.createQuery("SELECT h FROM HostEntity h WHERE h.clusterId = ?1 "
                + "ORDER BY h.name", HostEntity.class).setParameter(1, clusterId).getResultList()).stream()
                .filter(h -> h.getState() == HostState.UP).toList();
        Map<String, HostEntity> byId = hosts.stream().collect(Collectors.toMap(HostEntity::getId, h -> h));
        List<InstanceEntity> instances = hosts.isEmpty() ? List.of() : tx.call(em -> em.createQuery("SELECT i FROM "
                + "InstanceEntity i WHERE i.hostId IN ?1 AND i.state <> 'STOPPED' AND i.state <> 'MISSING' ORDER BY i.name",
                InstanceEntity.class).setParameter(1, List.copyOf(byId.keySet())).getResultList());
        Set<String> ids = instances.stream().map(InstanceEntity::getId).collect(Collectors.toSet());
        Map<String, String> busy = new HashMap<>();
        String[] migrating = new String[1];
        Map<String, AffinityGroupEntity> groups = new HashMap<>();
        if (!ids.isEmpty()) {
            tx.run(em -> {
                for (TaskEntity task : em.createQuery("SELECT t FROM TaskEntity t WHERE t.resourceId IN ?1 AND "
                        + "(t.state = 'RUNNING' OR t.state = 'QUEUED')", TaskEntity.class).setParameter(1, List.copyOf(ids))
                        .getResultList()) {
                    busy.put(task.getResourceId(), "task " + task.getOperation() + " runs on it");
                    if ("instance.migrate".equals(task.getOperation())) {
                        migrating[0] = task.getResourceId();
                    }
                }
                for (InstanceEntity i : instances) {
                    if (i.getAffinityGroupId() != null) {
                        groups.computeIfAbsent(i.getAffinityGroupId(), g -> em.find(AffinityGroupEntity.class, g));
                    }
                }
            });
        }
        sample(instances);
        window.retain(ids);
        Map<String, Double> testLoads = LoadWindow.testLoads();
        long now = System.currentTimeMillis();
        int unmeasured = 0;
        List<Proposer.Vm> vms = new ArrayList<>();
        for (InstanceEntity i : instances) {
            Double cores = testLoads.get(i.getName());
            if (cores == null) {
                cores = window.cores(i.getId(), settings.windowMinutes(), now);
            }
            if (cores == null) {
                unmeasured++;
                cores = 0.0;
            }
            AffinityGroupEntity group = i.getAffinityGroupId() == null ? null : groups.get(i.getAffinityGroupId());
            vms.add(new Proposer.Vm(i.getId(), i.getName(), i.getHostId(), i.getCpus(), i.getMemoryMib(), cores,
                    group == null ? null : group.getId(), group == null ? null : group.getName(),
                    group == null ? null : group.getKind(), pinned(i, byId.get(i.getHostId()), busy)));
        }
        List<String> notes = new ArrayList<>();
        if (unmeasured > 0) {
            notes.add("the CPU use of " + unmeasured + " instance(s) is not measured yet (counted as idle): a window "
                    + "needs two samples, one per run");
        }
        String migratingName = migrating[0] == null ? null : instances.stream().filter(i -> i.getId().equals(
                migrating[0])).map(InstanceEntity::getName).findFirst().orElse(migrating[0]);
        return new Measured(hosts.stream().map(h -> new Proposer.Host(h.getId(), h.getName(), h.getCpus(),
                h.getMemoryMib(), h.getCpuOvercommit(), h.getMemoryOvercommit(), h.getAllocCpus(),
                h.getAllocMemoryMib())).toList(), vms, notes, migratingName);
    }

    private String pinned(InstanceEntity i, HostEntity host, Map<String, String> busy) {
        if (!i.isManaged() || i.getBackendId() == null) {
            return "it is not managed by OVM";
        }
        if (i.getState() != InstanceState.RUNNING) {
            return "it is " + i.getState();
        }
        if (busy.containsKey(i.getId())) {
            return busy.get(i.getId());
        }
        if (!(hypervisors.apply(host.getType()).orElse(null) instanceof MigrationSupport)) {
            return "the " + host.getType() + " driver cannot move instances between hosts";
        }
        return null;
    }

    /** Reads each running instance's CPU time (at most 10 seconds for all); what does not answer is skipped. */
    private void sample(List<InstanceEntity> instances) {
        List<CompletableFuture<?>> reads = new ArrayList<>();
        for (InstanceEntity i : instances) {
            if (i.getState() != InstanceState.RUNNING || i.getBackendId() == null) {
                continue;
            }
            OperationContext ctx = new OperationContext("balance-" + i.getId(), Instant.now().plusSeconds(10),
                    "system", executor);
            reads.add(CompletableFuture.completedFuture(i.getHostId()).thenCompose(h -> targets.target(h, false))
                    .thenCompose(t -> {
                if (!(t.driver() instanceof StatsSupport stats)) {
                    return CompletableFuture.completedFuture(null);
                }
                return stats.stats(ctx, t.endpoint(), i.getBackendId()).thenAccept(s -> window.record(i.getId(),
                        System.currentTimeMillis(), s.cpuTimeNanos())); // this clock: the window is read with it
            }).exceptionally(e -> null).toCompletableFuture()); // not answering: measured next time
        }
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // what has not answered is measured next time
        }
    }
}
