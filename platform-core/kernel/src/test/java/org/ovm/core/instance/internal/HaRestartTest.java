package org.ovm.core.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.host.internal.InventorySync;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.network.internal.NetworkTargets;
import org.ovm.core.network.internal.NicMigration;
import org.ovm.core.network.security.internal.PortPolicies;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.placement.internal.PolicyCatalog;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.plugin.internal.TestRegistries;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;

/**
 * The HA restart on a real inventory with a fake hypervisor: the admin's confirmation is checked
 * (403, 409), HA instances restart highest priority first on another host of the cluster the
 * scheduler picks (the dead host never, capacity respected), the rows move only after the start, a
 * non-HA instance is left alone, an instance that finds no room keeps its place with a reason, and
 * the inventory sync of the dead host, when it comes back, removes the old definition instead of
 * discovering it.
 */
class HaRestartTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher = new EventPublisher(db.tx(), executor) {
        @Override
        public void record(String topic, String resourceId, String user, String source, Outcome outcome,
                String vdcId, String message) {
            events.add(topic + " " + resourceId + " " + message);
            super.record(topic, resourceId, user, source, outcome, vdcId, message);
        }
    };
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, publisher, Duration.ofSeconds(20),
            Duration.ofSeconds(1));
    private final CapacityClaims claims = new CapacityClaims();
    private final FakeHaHypervisor kvm = new FakeHaHypervisor();
    private final DriverRegistry<HypervisorDriver> drivers = TestRegistries.of(HypervisorDriver.class,
            "hypervisor.type", "hypervisor", Map.of("kvm", kvm));
    private final HostAccess access = new HostAccess(db.tx(), new SecretBox(new SecureRandom().generateSeed(32)),
            drivers);
    private final InventorySync sync = new InventorySync(db.tx(), access, drivers, publisher, claims,
            new QuotaClaims(), scheduler, executor, Duration.ofMinutes(10));
    private final HaRestarts restarts = new HaRestarts(db.tx(), engine, publisher);

    HaRestartTest() {
        sql("INSERT INTO ZONES (ID, NAME, CREATED_AT, DEFAULT_ZONE) VALUES ('z1', 'east', 0, TRUE)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c1', 'kvm-a', 'z1', 'kvm', 1.0, 1.0, 0)");
        for (String host : new String[] {"h1", "h2", "h3"}) {
            sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CLUSTER_ID, CPUS, MEMORY_MIB, CREATED_AT, "
                    + "CPU_OVERCOMMIT, MEMORY_OVERCOMMIT) VALUES ('" + host + "', 'kvm" + host.substring(1)
                    + "', 'kvm', 'qemu:///" + host + "', 'UP', 'c1', 8, 8192, 0, 1.0, 1.0)");
        }
        // h1 failed and runs three instances; h2 has room for one of the HA ones, h3 for none
        sql("UPDATE HOSTS SET STATE = 'NON_RESPONSIVE', ALLOC_CPUS = 6, ALLOC_MEMORY_MIB = 3072, INSTANCE_COUNT = 3 "
                + "WHERE ID = 'h1'");
        sql("UPDATE HOSTS SET ALLOC_CPUS = 6 WHERE ID = 'h2'");
        sql("UPDATE HOSTS SET ALLOC_CPUS = 7 WHERE ID = 'h3'");
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('ps', 'shared', 'nfs', "
                + "'nfs://n/e', 'UP', 0)");
        for (String host : new String[] {"h1", "h2", "h3"}) {
            sql("INSERT INTO POOL_HOSTS (POOL_ID, HOST_ID, STATE, CHECKED_AT) VALUES ('ps', '" + host + "', 'UP', 0)");
        }
        instance("i1", "low", true, 0);
        instance("i2", "high", true, 10);
        instance("i3", "plain", false, 0);

        NicMigration nics = new NicMigration(db.tx(), access, new DriverRegistry<>(null, NetworkDriver.class,
                "network.type", "network"), new AddressClaims(), new PortPolicies(db.tx(), type -> Optional.empty(),
                        NetworkTargets.of(access)));
        Placer placer = new Placer(claims, new PolicyCatalog(new DriverRegistry<>(null, HostFilter.class,
                "scheduler.filter", "filter"), new DriverRegistry<>(null, HostScorer.class, "scheduler.scorer",
                        "scorer")));
        engine.register(new HaRestartOperation(db.tx(), (hostId, wait) -> CompletableFuture.completedFuture(
                new HostAccess.Target(kvm, new HostEndpoint(hostId, "fake://" + hostId, null, null, Map.of()), "kvm")),
                nics, claims, placer, publisher, sync, restarts::finished).operation());
    }

    @AfterEach
    void close() throws InterruptedException {
        scheduler.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    private void instance(String id, String name, boolean ha, int priority) {
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT, HA, HA_PRIORITY, KIND) VALUES ('" + id + "', '" + name + "', 'h1', 'RUNNING', 2, 1024, "
                + "TRUE, 'dom-" + id + "', 0, 0, " + ha + ", " + priority + ", 'vm')");
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v" + id + "', '" + name + "-root', 'ps', '" + id + "', 1, 'qcow2', 'nfs://n/e/" + name
                + "', 'ATTACHED', 0)");
        kvm.put("dom-" + id, "h1", name, PowerState.RUNNING);
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private InstanceEntity instance(String id) {
        return db.tx().call(em -> em.find(InstanceEntity.class, id));
    }

    private HostEntity host(String id) {
        return db.tx().call(em -> em.find(HostEntity.class, id));
    }

    private TaskEntity finish(TaskView task) throws Exception {
        engine.whenFinished(task.id()).get(20, TimeUnit.SECONDS);
        return db.tx().call(em -> em.find(TaskEntity.class, task.id()));
    }

    @Test
    void theConfirmationIsTheAdminsAndOnlyForAHostThatIsDown() {
        assertThatThrownBy(() -> restarts.confirmDown(new Caller("alice", Role.USER, "vdc-a", "u-a"), "h1"))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN));
        assertThatThrownBy(() -> restarts.confirmDown(ADMIN, "h2"))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("host kvm2 is UP; only a DOWN or NON_RESPONSIVE host can be "
                            + "confirmed powered off");
                });
        assertThatThrownBy(() -> restarts.confirmDown(ADMIN, "nope"))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.NOT_FOUND));
        assertThat(host("h2").getConfirmedDownAt()).isNull();
        assertThat(kvm.calls).isEmpty();
    }

    @Test
    void theHighestPriorityRestartsFirstOnAnotherHostAndTheRestWaitsWithAReason() throws Exception {
        TaskEntity done = finish(restarts.confirmDown(ADMIN, "h1"));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(host("h1").getConfirmedDownBy()).isEqualTo("root");
        // high (priority 10) took h2's last two vCPUs; low found no host; h1 itself is never a candidate
        assertThat(kvm.calls).containsExactly("define high on h2", "start dom-high-h2");
        InstanceEntity high = instance("i2");
        assertThat(high.getHostId()).isEqualTo("h2");
        assertThat(high.getBackendId()).isEqualTo("dom-high-h2");
        assertThat(high.getState().name()).isEqualTo("RUNNING");
        assertThat(kvm.specs.get("dom-high-h2").disks()).extracting(d -> d.volumePath())
                .containsExactly("nfs://n/e/high");
        assertThat(instance("i1").getHostId()).isEqualTo("h1");
        assertThat(instance("i1").getState().name()).as("no longer running on the dead host").isEqualTo("UNKNOWN");
        assertThat(instance("i3").getHostId()).as("not HA: stays").isEqualTo("h1");
        assertThat(instance("i3").getState().name()).as("its host is known off").isEqualTo("STOPPED");
        assertThat(events).anyMatch(e -> e.startsWith("instance/changed i3 instance plain is STOPPED: its host kvm1 "
                + "is known powered off"));
        assertThat(host("h1").getAllocCpus()).isEqualTo(4);
        assertThat(host("h1").getInstanceCount()).isEqualTo(2);
        assertThat(host("h2").getAllocCpus()).isEqualTo(8);
        assertThat(host("h2").getInstanceCount()).isEqualTo(1);
        assertThat(host("h3").getAllocCpus()).isEqualTo(7);
        assertThat(events).anyMatch(e -> e.startsWith("instance/ha-restarted i2 HA instance high restarted on host "
                + "kvm2"));
        assertThat(events).anyMatch(e -> e.startsWith("instance/ha-restart-failed i1 HA instance low was not "
                + "restarted: no host of cluster kvm-a can take 2 vCPUs"));
        assertThat(HaRestarts.delay(1)).isEqualTo(15_000);
        assertThat(HaRestarts.delay(3)).isEqualTo(60_000);
        assertThat(HaRestarts.delay(30)).isEqualTo(300_000);
    }

    @Test
    void aFailedStartUndoesTheDefinitionAndGivesTheClaimBack() throws Exception {
        sql("UPDATE HOSTS SET ALLOC_CPUS = 0 WHERE ID IN ('h2', 'h3')");
        kvm.failing.add("start");

        TaskEntity done = finish(restarts.confirmDown(ADMIN, "h1"));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(kvm.calls).filteredOn(c -> c.startsWith("undefine")).hasSize(2);
        assertThat(kvm.hostOf).containsOnlyKeys("dom-i1", "dom-i2", "dom-i3");
        assertThat(instance("i1").getHostId()).isEqualTo("h1");
        assertThat(instance("i2").getHostId()).isEqualTo("h1");
        assertThat(host("h2").getAllocCpus() + host("h3").getAllocCpus()).isZero();
        assertThat(events).filteredOn(e -> e.startsWith("instance/ha-restart-failed")).hasSize(2);
    }

    @Test
    void retriesWaitForTheBackoffAndNothingRestartsOnceTheHostAnswersAgain() throws Exception {
        TaskView task = restarts.confirmDown(ADMIN, "h1");
        finish(task);
        kvm.calls.clear();
        sql("UPDATE HOSTS SET ALLOC_CPUS = 0 WHERE ID = 'h3'");

        restarts.retry("h1");
        assertThat(tasks()).as("low failed a moment ago: the next try waits 15 s").isEqualTo(1);

        sql("UPDATE HOSTS SET STATE = 'UP', CONFIRMED_DOWN_AT = NULL WHERE ID = 'h1'");
        finish(TaskServiceImpl.view(engine.submit(HaRestartOperation.NAME, "h1", Caller.SYSTEM, null,
                TaskParams.NONE), List.of()));

        assertThat(kvm.calls).isEmpty();
        assertThat(instance("i1").getHostId()).isEqualTo("h1");
    }

    private long tasks() {
        return db.tx().call(em -> em.createQuery("SELECT COUNT(t) FROM TaskEntity t", Long.class).getSingleResult());
    }

    @Test
    void theDeadHostComingBackHasItsOldDefinitionRemovedNotDiscovered() throws Exception {
        finish(restarts.confirmDown(ADMIN, "h1"));
        // h1 returns after its power loss: its domains are defined, shut off
        kvm.put("dom-i1", "h1", "low", PowerState.STOPPED);
        kvm.put("dom-i2", "h1", "high", PowerState.STOPPED);
        kvm.put("dom-i3", "h1", "plain", PowerState.STOPPED);
        sql("UPDATE HOSTS SET STATE = 'UP' WHERE ID = 'h1'");

        sync.reconcile("h1", List.of(info("dom-i1", "low"), info("dom-i2", "high"), info("dom-i3", "plain")),
                System.currentTimeMillis(), "vm");
        awaitUndefined("dom-i2");

        List<InstanceEntity> all = db.tx().call(em -> em.createQuery("SELECT i FROM InstanceEntity i ORDER BY i.id",
                InstanceEntity.class).getResultList());
        assertThat(all).extracting(InstanceEntity::getId).as("nothing discovered").containsExactly("i1", "i2", "i3");
        assertThat(instance("i2").getHostId()).isEqualTo("h2");
        assertThat(instance("i2").getBackendId()).isEqualTo("dom-high-h2");
        assertThat(kvm.calls).contains("undefine dom-i2 on h1");
        assertThat(kvm.calls).noneMatch(c -> c.contains("dom-i1") || c.contains("dom-i3"));
        awaitTrue(() -> db.tx().call(em -> ((Number) em.createNativeQuery("SELECT COUNT(*) FROM HA_LEFTOVERS")
                .getSingleResult()).intValue()) == 0);

        // a later round: nothing left to remove, still nothing discovered
        sync.reconcile("h1", List.of(info("dom-i1", "low"), info("dom-i3", "plain")), System.currentTimeMillis(),
                "vm");
        assertThat(instanceCount()).isEqualTo(3);
    }

    @Test
    void theTargetsListingDuringTheRestartDoesNotDiscoverTheNewDefinition() {
        sync.arriving("h2", "high");
        long listedAt = System.currentTimeMillis();
        sync.reconcile("h2", List.of(info("dom-high-h2", "high")), listedAt, "vm");
        sync.arrived("h2", "high");
        sync.reconcile("h2", List.of(info("dom-high-h2", "high")), listedAt, "vm");

        assertThat(instanceCount()).isEqualTo(3);
    }

    private long instanceCount() {
        return db.tx().call(em -> em.createQuery("SELECT COUNT(i) FROM InstanceEntity i", Long.class)
                .getSingleResult());
    }

    private static InstanceInfo info(String backendId, String name) {
        return new InstanceInfo(backendId, name, PowerState.STOPPED, 2, 1024, Map.of());
    }

    private void awaitUndefined(String backendId) throws InterruptedException {
        awaitTrue(() -> !kvm.hostOf.containsKey(backendId));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
