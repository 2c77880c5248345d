package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.plugin.internal.TestRegistries;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;

/**
 * The inventory sync and a migration: the hypervisor of the target host lists the instance before the
 * migration task moved its row there; the sync must leave it to the task, not discover a second one.
 */
class InventorySyncMigrationTest {

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final EventPublisher events = new EventPublisher(db.tx(), executor);
    private final DriverRegistry<HypervisorDriver> drivers = TestRegistries.of(HypervisorDriver.class,
            "hypervisor.type", "hypervisor", Map.of());
    private final InventorySync sync = new InventorySync(db.tx(), new HostAccess(db.tx(), new SecretBox(key()),
            drivers), drivers, events, new CapacityClaims(), new QuotaClaims(), scheduler, executor,
            Duration.ofMinutes(10));

    InventorySyncMigrationTest() {
        for (String host : List.of("h1", "h2")) {
            sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CPUS, MEMORY_MIB, CREATED_AT) VALUES ('" + host + "', '"
                    + host + "', 'kvm', 'qemu:///" + host + "', 'UP', 8, 8192, 0)");
        }
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i1', 'vm1', 'h1', 'RUNNING', 1, 128, TRUE, 'uuid-1', 0, 0)");
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        executor.shutdownNow();
        db.close();
    }

    @Test
    void anInstanceAMigrationIsMovingHereIsNotDiscovered() {
        sql("INSERT INTO TASKS (ID, OPERATION, RESOURCE_ID, STATE, CALLER, STEPS_DONE, STEP_COUNT, "
                + "CREATED_AT, UPDATED_AT) VALUES ('t1', 'instance.migrate', 'i1', 'RUNNING', 'admin', 2, "
                + "4, 0, 0)");
        sync.reconcile("h2", List.of(running("uuid-1", "vm1")), System.currentTimeMillis(), "vm");
        assertThat(instances()).extracting(InstanceEntity::getId).containsExactly("i1");
    }

    @Test
    void anUnknownInstanceIsStillDiscovered() {
        sync.reconcile("h2", List.of(running("uuid-2", "other")), System.currentTimeMillis(), "vm");
        assertThat(instances()).extracting(InstanceEntity::getName).containsExactlyInAnyOrder("vm1", "other");
    }

    private static InstanceInfo running(String backendId, String name) {
        return new InstanceInfo(backendId, name, PowerState.RUNNING, 1, 128, Map.of());
    }

    private List<InstanceEntity> instances() {
        return db.tx().call(em -> em.createQuery("SELECT i FROM InstanceEntity i", InstanceEntity.class)
                .getResultList());
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
