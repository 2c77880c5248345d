package org.ovm.core.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.ovm.core.Role;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.balance.BalanceMove;
import org.ovm.core.balance.BalanceReport;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.host.internal.HostTargets;
import org.ovm.core.instance.internal.InstanceMigrateOperation;
import org.ovm.core.instance.internal.InstanceMigration;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
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
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;

/** The balancer over a real inventory and a fake hypervisor: dry runs, runs, events, power-off candidates. */
class BalancerTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final EventPublisher events = new EventPublisher(db.tx(), executor);
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofSeconds(20),
            Duration.ofSeconds(1));
    private final FakeMovingHypervisor kvm = new FakeMovingHypervisor();
    private final Balancer balancer;

    BalancerTest() {
        sql("INSERT INTO ZONES (ID, NAME, CREATED_AT, DEFAULT_ZONE) VALUES ('z1', 'east', 0, TRUE)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c1', 'kvm-a', 'z1', 'kvm', 1.0, 1.0, 0)");
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('ps', 'shared', 'nfs', "
                + "'nfs://n/e', 'UP', 0)");
        for (String host : new String[] {"h1", "h2"}) {
            sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CLUSTER_ID, CPUS, MEMORY_MIB, CREATED_AT) VALUES ('"
                    + host + "', 'kvm" + host.substring(1) + "', 'kvm', 'qemu:///" + host + "', 'UP', 'c1', 8, 8192, 0)");
            sql("INSERT INTO POOL_HOSTS (POOL_ID, HOST_ID, STATE, CHECKED_AT) VALUES ('ps', '" + host + "', 'UP', 0)");
        }
        sql("UPDATE HOSTS SET CPU_OVERCOMMIT = 1.0, MEMORY_OVERCOMMIT = 1.0");
        HostTargets targets = (hostId, wait) -> CompletableFuture.completedFuture(new HostAccess.Target(kvm,
                new HostEndpoint(hostId, "fake://" + hostId, null, null, Map.of()), "kvm"));
        DriverRegistry<HypervisorDriver> none = new DriverRegistry<>(null, HypervisorDriver.class, "hypervisor.type",
                "hypervisor");
        HostAccess access = new HostAccess(db.tx(), new SecretBox(new SecureRandom().generateSeed(32)), none);
        NicMigration nics = new NicMigration(db.tx(), access, new DriverRegistry<>(null, NetworkDriver.class,
                "network.type", "network"), new AddressClaims(), new PortPolicies(db.tx(), type -> Optional.empty(),
                        NetworkTargets.of(access)));
        CapacityClaims claims = new CapacityClaims();
        engine.register(new InstanceMigrateOperation(db.tx(), targets, nics, claims, events, (poolId, hostId,
                wait) -> CompletableFuture.failedFuture(new IllegalStateException("no pools"))).operation());
        Placer placer = new Placer(claims, new PolicyCatalog(new DriverRegistry<>(null, HostFilter.class,
                "scheduler.filter", "filter"), new DriverRegistry<>(null, HostScorer.class, "scheduler.scorer",
                        "scorer")));
        InstanceMigration migration = new InstanceMigration(db.tx(), engine, claims, placer, type -> Optional.of(kvm));
        balancer = new Balancer(db.tx(), targets, type -> Optional.of(kvm), migration, engine, events, executor);
    }

    @AfterEach
    void close() throws InterruptedException {
        System.clearProperty(LoadWindow.TEST_LOAD_FILE);
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private void instance(String id, String host) {
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT) VALUES ('" + id + "', 'vm-" + id + "', '" + host + "', 'RUNNING', 1, 512, TRUE, 'dom-"
                + id + "', 0, 0)");
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v" + id + "', 'root-" + id + "', 'ps', '" + id + "', 1, 'qcow2', 'nfs://n/e/" + id
                + "', 'ATTACHED', 0)");
        sql("UPDATE HOSTS SET ALLOC_CPUS = ALLOC_CPUS + 1, ALLOC_MEMORY_MIB = ALLOC_MEMORY_MIB + 512, INSTANCE_COUNT "
                + "= INSTANCE_COUNT + 1 WHERE ID = '" + host + "'");
        kvm.define("dom-" + id, host, PowerState.RUNNING, "nfs://n/e/" + id);
    }

    private void policy(String policy) {
        db.tx().run(em -> em.find(ClusterEntity.class, "c1").setBalancePolicy(policy));
    }

    private String hostOf(String id) {
        return db.tx().call(em -> em.find(InstanceEntity.class, id).getHostId());
    }

    private List<String> events(String topic) {
        return db.tx().call(em -> em.createQuery("SELECT e.message FROM EventEntity e WHERE e.topic = ?1 ORDER BY "
                + "e.occurredAt", String.class).setParameter(1, topic).getResultList());
    }

    private String awaitEvent(String topic) throws InterruptedException {
        for (int i = 0; i < 200 && events(topic).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(events(topic)).as(topic).isNotEmpty();
        return events(topic).get(events(topic).size() - 1);
    }

    @Test
    void powerSavingProposesThenConsolidatesAndNamesTheEmptiedHost() throws Exception {
        instance("a", "h1");
        instance("b", "h2");
        policy("POWER_SAVING");

        BalanceReport dry = balancer.balance(ADMIN, "c1", true);
        assertThat(dry.moves()).extracting(BalanceMove::instanceName, BalanceMove::toHost, BalanceMove::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vm-a", "kvm2", "PROPOSED"));
        assertThat(dry.powerOffCandidates()).containsExactly("h1");
        assertThat(hostOf("a")).isEqualTo("h1");
        assertThat(events("cluster/balanced")).isEmpty();

        BalanceReport run = balancer.balance(ADMIN, "c1", false);
        assertThat(run.moves()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("STARTED");
            assertThat(m.taskId()).isNotNull();
        });
        String balanced = awaitEvent("cluster/balanced");
        assertThat(balanced).contains("cluster kvm-a (POWER_SAVING): moved vm-a from kvm1 to kvm2: power saving",
                "power-off candidates: kvm1");
        assertThat(hostOf("a")).isEqualTo("h2");
        String candidates = db.tx().call(em -> em.find(ClusterEntity.class, "c1").getBalanceCandidates());
        assertThat(candidates).isEqualTo("h1");
        assertThat(events("host/power-off-candidate")).singleElement().asString().contains("host kvm1 runs nothing");

        // consolidated: the next run explains why it moves nothing
        BalanceReport again = balancer.balance(ADMIN, "c1", true);
        assertThat(again.moves()).isEmpty();
        assertThat(again.notes()).anyMatch(n -> n.contains("fits on no other busy host"));
    }

    @Test
    void loadBalancingTakesTheTestLoadAndMovesTheSmallestSufficientInstance() throws Exception {
        instance("a", "h1");
        instance("b", "h1");
        Path loads = Files.createTempFile("balance", ".properties");
        Files.writeString(loads, "vm-a=5\nvm-b=2\n"); // 87.5% of h1's 8 cores
        System.setProperty(LoadWindow.TEST_LOAD_FILE, loads.toString());
        policy("LOAD_BALANCING");
        try {
            BalanceReport run = balancer.balance(ADMIN, "c1", false);
            assertThat(run.hosts()).extracting(BalanceReport.HostLoad::cpuPercent).containsExactly(88, 0);
            assertThat(run.moves()).singleElement().satisfies(m -> {
                assertThat(m.instanceName()).isEqualTo("vm-b");
                assertThat(m.reason()).contains("overloaded (88% CPU", "kvm2 is the least loaded");
            });
            assertThat(awaitEvent("cluster/balanced")).contains("moved vm-b from kvm1 to kvm2");
            assertThat(hostOf("b")).isEqualTo("h2");
            assertThat(hostOf("a")).isEqualTo("h1");
        } finally {
            Files.deleteIfExists(loads);
        }
    }

    @Test
    void aClusterWithoutPolicyMovesNothingAndSaysWhy() {
        instance("a", "h1");
        BalanceReport report = balancer.balance(ADMIN, "c1", false);
        assertThat(report.moves()).isEmpty();
        assertThat(report.notes()).anyMatch(n -> n.contains("policy is NONE"));
        assertThat(events("cluster/balanced")).singleElement().asString().contains("moved nothing");
        // the CPU of an instance is measured from the second run on
        assertThat(report.notes()).anyMatch(n -> n.contains("not measured yet"));
    }
}
