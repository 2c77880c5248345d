package org.ovm.core.balance.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.balance.BalanceMove;
import org.ovm.core.balance.BalanceReport;
import org.ovm.core.balance.BalanceService;
import org.ovm.core.balance.BalancingSettings;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.ClusterServiceImpl;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.instance.internal.InstanceMigration;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskState;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer: every {@code balance.period} seconds, one run per cluster whose policy is not {@code NONE} (never two
 * runs of one cluster at once: a run lasts until its migrations end). A run measures ({@link ClusterLoads}),
 * proposes ({@link Proposer}), moves the instances live through {@link InstanceMigration} with the hosts named (so
 * capacity claims and the affinity checks apply again), at most {@code maxMigrations} at a time, and records
 * {@code cluster/balanced} naming what moved and why, or why nothing moved. Under power saving, the UP hosts left
 * with nothing running become the cluster's power-off candidates ({@code host/power-off-candidate} for each new one).
 */
public final class Balancer implements BalanceService {

    private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);

    private final Tx tx;
    private final InstanceMigration migration;
    private final TaskEngine engine;
    private final EventPublisher events;
    private final ClusterLoads loads;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public Balancer(Tx tx, HostTargets targets, Function<String, Optional<HypervisorDriver>> hypervisors,
            InstanceMigration migration, TaskEngine engine, EventPublisher events, ExecutorService executor) {
        this.tx = tx;
        this.migration = migration;
        this.engine = engine;
        this.events = events;
        this.loads = new ClusterLoads(tx, targets, hypervisors, executor);
    }

    /** Starts the periodic runs; returns this. */
    public Balancer start(ScheduledExecutorService scheduler, Duration period) {
        scheduler.scheduleWithFixedDelay(this::runAll, period.toSeconds(), period.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    private void runAll() {
        try {
            List<String> active = tx.call(em -> em.createQuery("SELECT c.id FROM ClusterEntity c WHERE "
                    + "c.balancePolicy <> 'NONE' ORDER BY c.name", String.class).getResultList());
            for (String id : active) {
                try {
                    if (running.add(id)) {
                        run(Caller.SYSTEM, id);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Balancing cluster {} failed", id, e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Balancing round failed", e);
        }
    }

    @Override
    public BalanceReport balance(Caller caller, String clusterId, boolean dryRun) {
        caller.requireAdmin();
        ClusterEntity cluster = cluster(clusterId);
        if (dryRun) {
            return propose(cluster, true).report();
        }
        if (!running.add(clusterId)) {
            throw OvmException.conflict(null, "a balancing run of cluster " + cluster.getName() + " is moving "
                    + "instances; wait until it ends (event cluster/balanced)");
        }
        return run(caller, clusterId);
    }

    /** A run; {@link #running} holds the cluster until its migrations have ended. */
    private BalanceReport run(Caller caller, String clusterId) {
        Plan plan;
        try {
            plan = propose(cluster(clusterId), false);
        } catch (RuntimeException e) {
            running.remove(clusterId);
            throw e;
        }
        if (plan.moves.isEmpty()) {
            try {
                finish(caller, plan, List.of());
            } finally {
                running.remove(clusterId);
            }
            return plan.report();
        }
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < plan.moves.size(); i++) {
            queue.add(i);
        }
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(plan.settings.maxMigrations(), plan.moves.size()); w++) {
            workers.add(next(caller, plan, queue));
        }
        for (int i = 0; i < plan.moves.size(); i++) {
            if ("PROPOSED".equals(plan.moves.get(i).status())) {
                plan.moves.set(i, plan.moves.get(i).with("QUEUED", null, null));
            }
        }
        BalanceReport started = plan.report();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            try {
                finish(caller, plan, plan.moves);
            } catch (RuntimeException failure) {
                LOG.warn("Balancing cluster {}: recording the run failed", plan.name, failure);
            } finally {
                running.remove(clusterId);
            }
        });
        return started;
    }

    /** Starts the next queued move, and the one after it when it ends. */
    private CompletableFuture<Void> next(Caller caller, Plan plan, ConcurrentLinkedQueue<Integer> queue) {
        Integer index = queue.poll();
        if (index == null) {
            return CompletableFuture.completedFuture(null);
        }
        BalanceMove move = plan.moves.get(index);
        TaskView task;
        try {
            task = migration.migrate(caller, move.instanceId(), new MigrateRequest(move.toHostId(), null, null));
        } catch (RuntimeException e) {
            plan.moves.set(index, move.with("REFUSED", null, Failures.message(e)));
            return next(caller, plan, queue);
        }
        plan.moves.set(index, move.with("STARTED", task.id(), null));
        return engine.whenFinished(task.id()).handle((v, e) -> {
            TaskEntity done = tx.call(em -> em.find(TaskEntity.class, task.id()));
            boolean ok = done != null && TaskState.SUCCEEDED.name().equals(done.getState());
            plan.moves.set(index, plan.moves.get(index).with(ok ? "MOVED" : "FAILED", task.id(), ok ? null
                    : done == null || done.getError() == null ? "the migration failed" : done.getError()));
            return null;
        }).thenCompose(v -> next(caller, plan, queue));
    }

    /** A run's proposal (moves are replaced as they progress). */
    private static final class Plan {
        String clusterId;
        String name;
        BalancingSettings settings;
        boolean dryRun;
        List<BalanceReport.HostLoad> hosts;
        final List<BalanceMove> moves = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> notes;
        List<String> emptied;

        BalanceReport report() {
            return new BalanceReport(clusterId, settings.policy(), dryRun, hosts, List.copyOf(moves), notes, emptied);
        }
    }

    private Plan propose(ClusterEntity cluster, boolean dryRun) {
        BalancingSettings settings = ClusterServiceImpl.balancing(cluster);
        Plan plan = new Plan();
        plan.clusterId = cluster.getId();
        plan.name = cluster.getName();
        plan.settings = settings;
        plan.dryRun = dryRun;
        ClusterLoads.Measured measured = loads.measure(cluster.getId(), settings);
        Proposer proposer = new Proposer(settings, measured.hosts(), measured.vms());
        plan.hosts = measured.hosts().stream().map(h -> new BalanceReport.HostLoad(h.id(), h.name(),
                proposer.cpuPercent(h), proposer.memoryPercent(h), (int) measured.vms().stream()
                        .filter(v -> v.hostId().equals(h.id())).count())).toList();
        List<String> notes = new ArrayList<>(measured.notes());
        if (!settings.active()) {
            notes.add("the cluster's balancing policy is NONE: nothing to do");
            plan.notes = notes;
            plan.emptied = List.of();
            return plan;
        }
        if (measured.migrating() != null && !dryRun) {
            notes.add("a migration is already running (instance " + measured.migrating() + "): this run moves "
                    + "nothing");
            plan.notes = notes;
            plan.emptied = List.of();
            return plan;
        }
        if (measured.migrating() != null) {
            notes.add("a migration is running (instance " + measured.migrating() + "): a run now would move nothing");
        }
        Proposer.Proposal proposal = proposer.propose();
        notes.addAll(proposal.notes());
        for (Proposer.Move m : proposal.moves()) {
            plan.moves.add(new BalanceMove(m.vm().id(), m.vm().name(), m.from().id(), m.from().name(), m.to().id(),
                    m.to().name(), m.reason(), "PROPOSED", null, null));
        }
        plan.notes = notes;
        plan.emptied = proposal.emptied();
        return plan;
    }

    /** Records the run's event and, under power saving, the power-off candidates. */
    private void finish(Caller caller, Plan plan, List<BalanceMove> moves) {
        List<String> candidates = BalancingSettings.POWER_SAVING.equals(plan.settings.policy())
                ? PowerOffCandidates.update(tx, events, caller, plan.clusterId) : List.of();
        long failed = moves.stream().filter(m -> "FAILED".equals(m.status()) || "REFUSED".equals(m.status()))
                .count();
        StringBuilder message = new StringBuilder("cluster " + plan.name + " (" + plan.settings.policy() + "): ");
        if (moves.isEmpty()) {
            message.append("moved nothing: ").append(String.join("; ", plan.notes));
        } else {
            List<String> parts = new ArrayList<>();
            for (BalanceMove m : moves) {
                parts.add(("MOVED".equals(m.status()) ? "moved " : "did not move (" + m.error() + ") ")
                        + m.instanceName() + " from " + m.fromHost() + " to " + m.toHost() + ": " + m.reason());
            }
            message.append(String.join("; ", parts));
            if (!plan.notes.isEmpty()) {
                message.append("; ").append(String.join("; ", plan.notes));
            }
        }
        if (!candidates.isEmpty()) {
            message.append("; power-off candidates: ").append(String.join(", ", PowerOffCandidates.names(tx,
                    candidates)));
        }
        String text = message.length() > 3900 ? message.substring(0, 3900) + "..." : message.toString();
        events.record("cluster/balanced", plan.clusterId, caller.username(), caller.source(), failed > 0
                ? Outcome.FAILED : Outcome.SUCCEEDED, null, text);
        LOG.info("{}", text);
    }

    private ClusterEntity cluster(String clusterId) {
        ClusterEntity cluster = tx.call(em -> em.find(ClusterEntity.class, clusterId));
        if (cluster == null) {
            throw OvmException.notFound("cluster", clusterId);
        }
        return cluster;
    }

    static Set<String> ids(String csv) {
        return csv == null || csv.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(csv.split(",")));
    }
}
