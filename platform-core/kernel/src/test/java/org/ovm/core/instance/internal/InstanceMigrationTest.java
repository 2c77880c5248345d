package org.ovm.core.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.instance.MigrateRequest;
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
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.storage.internal.FakeMovingHypervisor;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;

/**
 * Instance migration against a fake hypervisor on a real inventory: the target's capacity is
 * claimed with the request, the row moves only after the driver moved the instance, a failure gives
 * the claim back, and disks on a pool the target does not reach keep the instance where it is.
 */
class InstanceMigrationTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final EventPublisher events = new EventPublisher(db.tx(), executor);
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofSeconds(20),
            Duration.ofSeconds(1));
    private final CapacityClaims claims = new CapacityClaims();
    private final FakeMovingHypervisor kvm = new FakeMovingHypervisor();
    private final InstanceMigration migration;

    InstanceMigrationTest() {
        sql("INSERT INTO ZONES (ID, NAME, CREATED_AT, DEFAULT_ZONE) VALUES ('z1', 'east', 0, TRUE)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c1', 'kvm-a', 'z1', 'kvm', 1.0, 1.0, 0)");
        for (String host : new String[] {"h1", "h2", "h3"}) {
            sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CLUSTER_ID, CPUS, MEMORY_MIB, CREATED_AT) VALUES ('"
                    + host + "', 'kvm" + host.substring(1) + "', 'kvm', 'qemu:///" + host + "', 'UP', 'c1', 8, 8192, 0)");
        }
        sql("UPDATE HOSTS SET ALLOC_CPUS = 2, ALLOC_MEMORY_MIB = 1024, INSTANCE_COUNT = 1 WHERE ID = 'h1'");
        sql("UPDATE HOSTS SET ALLOC_CPUS = 7 WHERE ID = 'h3'");
        sql("UPDATE HOSTS SET CPU_OVERCOMMIT = 1.0, MEMORY_OVERCOMMIT = 1.0");
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('ps', 'shared', 'nfs', "
                + "'nfs://n/e', 'UP', 0)");
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, HOST_ID, STATE, CREATED_AT) VALUES ('pl', 'local', "
                + "'local', 'file:///l', 'h1', 'UP', 0)");
        // the shared pool is attached to every host, the local one to h1 only
        for (String host : new String[] {"h1", "h2", "h3"}) {
            sql("INSERT INTO POOL_HOSTS (POOL_ID, HOST_ID, STATE, CHECKED_AT) VALUES ('ps', '" + host + "', 'UP', 0)");
        }
        sql("INSERT INTO POOL_HOSTS (POOL_ID, HOST_ID, STATE, CHECKED_AT) VALUES ('pl', 'h1', 'UP', 0)");
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i1', 'vm1', 'h1', 'RUNNING', 2, 1024, TRUE, 'dom-1', 0, 0)");
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v1', 'root', 'ps', 'i1', 1, 'qcow2', 'nfs://n/e/root', 'ATTACHED', 0)");
        kvm.define("dom-1", "h1", PowerState.RUNNING, "nfs://n/e/root");

        DriverRegistry<HypervisorDriver> none = new DriverRegistry<>(null, HypervisorDriver.class, "hypervisor.type",
                "hypervisor");
        HostAccess access = new HostAccess(db.tx(), new SecretBox(new SecureRandom().generateSeed(32)), none);
        NicMigration nics = new NicMigration(db.tx(), access, new DriverRegistry<>(null, NetworkDriver.class,
                "network.type", "network"), new AddressClaims(), new PortPolicies(db.tx(), type -> Optional.empty(),
                        NetworkTargets.of(access)));
        engine.register(new InstanceMigrateOperation(db.tx(), (hostId, wait) -> CompletableFuture.completedFuture(
                new HostAccess.Target(kvm, new HostEndpoint(hostId, "fake://" + hostId, null, null, Map.of()), "kvm")),
                nics, claims, events, (poolId, hostId, wait) -> CompletableFuture.failedFuture(
                        new IllegalStateException("no pools in this test"))).operation());
        Placer placer = new Placer(claims, new PolicyCatalog(new DriverRegistry<>(null, HostFilter.class,
                "scheduler.filter", "filter"), new DriverRegistry<>(null, HostScorer.class, "scheduler.scorer",
                        "scorer")));
        migration = new InstanceMigration(db.tx(), engine, claims, placer, type -> Optional.of(kvm));
        engine.register(new HostDrains(db.tx(), engine, migration, events).operation());
    }

    @AfterEach
    void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private HostEntity host(String id) {
        return db.tx().call(em -> em.find(HostEntity.class, id));
    }

    private InstanceEntity instance() {
        return db.tx().call(em -> em.find(InstanceEntity.class, "i1"));
    }

    private TaskEntity finish(TaskView task) throws Exception {
        engine.whenFinished(task.id()).get(20, TimeUnit.SECONDS);
        return db.tx().call(em -> em.find(TaskEntity.class, task.id()));
    }

    @Test
    void theInstanceMovesToTheNamedHostAndTheCapacityFollows() throws Exception {
        TaskView task = migration.migrate(ADMIN, "i1", new MigrateRequest("h2", null, null));
        assertThat(host("h2").getAllocCpus()).isEqualTo(2);

        TaskEntity done = finish(task);

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(done.getProgress()).isEqualTo(60);
        assertThat(kvm.hostOf.get("dom-1")).isEqualTo("h2");
        assertThat(instance().getHostId()).isEqualTo("h2");
        assertThat(host("h1").getAllocCpus()).isZero();
        assertThat(host("h1").getAllocMemoryMib()).isZero();
        assertThat(host("h1").getInstanceCount()).isZero();
        assertThat(host("h2").getAllocCpus()).isEqualTo(2);
        assertThat(host("h2").getAllocMemoryMib()).isEqualTo(1024);
        assertThat(host("h2").getInstanceCount()).isEqualTo(1);
    }

    @Test
    void placementChoosesAnotherHostWithRoom() throws Exception {
        TaskEntity done = finish(migration.migrate(ADMIN, "i1", new MigrateRequest(null, null, null)));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        // h3 has one vCPU left: only h2 takes two
        assertThat(instance().getHostId()).isEqualTo("h2");
        assertThat(kvm.calls).containsExactly("migrate dom-1 h1->h2");
    }

    @Test
    void aFailedMoveLeavesTheInstanceAndGivesTheTargetsClaimBack() throws Exception {
        kvm.failing.add("migrate");

        TaskEntity done = finish(migration.migrate(ADMIN, "i1", new MigrateRequest("h2", null, null)));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(done.getError()).contains("migrate failed (test)");
        assertThat(instance().getHostId()).isEqualTo("h1");
        assertThat(kvm.hostOf.get("dom-1")).isEqualTo("h1");
        assertThat(host("h2").getAllocCpus()).isZero();
        assertThat(host("h1").getAllocCpus()).isEqualTo(2);
    }

    @Test
    void aDrainMovesTheRunningInstancesAwayAndTheHostEntersMaintenance() throws Exception {
        sql("UPDATE HOSTS SET STATE = 'PREPARING_FOR_MAINTENANCE' WHERE ID = 'h1'");

        TaskEntity done = finish(TaskServiceImpl.view(engine.submit(HostDrains.NAME, "h1", ADMIN, null,
                TaskParams.NONE), List.of()));

        assertThat(done.getState()).as(done.getError()).isEqualTo("SUCCEEDED");
        assertThat(instance().getHostId()).isEqualTo("h2");
        assertThat(host("h1").getState()).isEqualTo(HostState.MAINTENANCE);
        assertThat(host("h1").getStateReason()).contains("1 instance(s) moved away");
    }

    @Test
    void whatCannotMoveIsNamedAndTheHostStaysPreparing() throws Exception {
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i2', 'vm2', 'h1', 'RUNNING', 1, 512, TRUE, 'dom-2', 0, 0)");
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v2', 'scratch', 'pl', 'i2', 1, 'qcow2', '/l/scratch', 'ATTACHED', 1)");
        sql("UPDATE HOSTS SET STATE = 'PREPARING_FOR_MAINTENANCE' WHERE ID = 'h1'");

        TaskEntity done = finish(TaskServiceImpl.view(engine.submit(HostDrains.NAME, "h1", ADMIN, null,
                TaskParams.NONE), List.of()));

        assertThat(done.getState()).isEqualTo("FAILED");
        assertThat(instance().getHostId()).as("the one that can move did").isEqualTo("h2");
        assertThat(host("h1").getState()).isEqualTo(HostState.PREPARING_FOR_MAINTENANCE);
        assertThat(host("h1").getStateReason()).startsWith("instances still run here: vm2: host kvm2: disk scratch is "
                + "on pool local of host kvm1").contains("enter maintenance again (or activate the host)");
        assertThat(done.getError()).endsWith(host("h1").getStateReason());
    }

    @Test
    void aDiskOnAnotherHostsLocalPoolKeepsTheInstance() {
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v2', 'scratch', 'pl', 'i1', 1, 'qcow2', '/l/scratch', 'ATTACHED', 1)");

        assertThatThrownBy(() -> migration.migrate(ADMIN, "i1", new MigrateRequest("h2", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("disk scratch is on pool local of host kvm1; move it to a "
                            + "shared pool first");
                });
        assertThatThrownBy(() -> migration.migrate(ADMIN, "i1", new MigrateRequest(null, null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.getMessage())
                        .matches("host \\S+: disk scratch is on pool local.*"));
        assertThat(host("h2").getAllocCpus()).isZero();
    }

    @Test
    void theRequestRefusesWhatCannotMove() {
        assertThatThrownBy(() -> migration.migrate(new Caller("alice", Role.USER, "vdc-a", "u-a"), "i1",
                new MigrateRequest("h2", null, null))).isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN));
        assertThatThrownBy(() -> migration.migrate(ADMIN, "i1", new MigrateRequest("h1", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("hostId"));
        assertThatThrownBy(() -> migration.migrate(ADMIN, "i1", new MigrateRequest("h3", null, null)))
                .isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.error()).isEqualTo(OvmError.INSUFFICIENT_CAPACITY));
        InstanceMigration without = new InstanceMigration(db.tx(), engine, claims, null, type -> Optional.empty());
        assertThatThrownBy(() -> without.migrate(ADMIN, "i1", new MigrateRequest("h2", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.getMessage())
                        .contains("cannot move instances between hosts"));
        assertThat(host("h2").getAllocCpus()).isZero();
    }
}
