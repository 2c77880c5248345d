package org.ovm.core.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.internal.support.Json;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.internal.CompensableStep;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.StepContext;
import org.ovm.core.task.internal.TaskEngine;

/** Review F5: snapshots are limited per instance and claim disk quota, given back when they fail or go. */
class SnapshotClaimsTest {

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, new EventPublisher(db.tx(), executor),
            Duration.ofMinutes(1), Duration.ofSeconds(1));
    private final QuotaClaims quotas = new QuotaClaims();
    private final SnapshotClaims claims = new SnapshotClaims(quotas, 2);

    SnapshotClaimsTest() {
        // the snapshot tasks stay queued: their step never finishes
        engine.register(SimpleOperations.single(SnapshotOperations.CREATE, "snapshot", Operation.Recovery.RESUME,
                ctx -> new CompletableFuture<>()));
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h1', 'kvm1', 'kvm', 'qemu:///x', "
                + "'UP', 0)");
        sql("INSERT INTO VDCS (ID, NAME, QUOTA_DISK_GIB, CREATED_AT) VALUES ('vdc-b', 'team-b', 6, 0)");
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, VDC_ID, STATE, CPUS, MEMORY_MIB, MANAGED, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i1', 'vm1', 'h1', 'vdc-b', 'RUNNING', 1, 1500, TRUE, 0, 0)");
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

    private InstanceEntity instance() {
        return db.tx().call(em -> em.find(InstanceEntity.class, "i1"));
    }

    private long usedDisk() {
        return db.tx().call(em -> em.find(VdcEntity.class, "vdc-b").getUsedDiskGib());
    }

    /** What SnapshotServiceImpl.create does in its transaction. */
    private TaskEntity snapshot(String name) {
        InstanceEntity instance = instance();
        long gib = SnapshotClaims.gib(instance);
        return db.tx().call(em -> {
            claims.claim(em, instance, name, gib);
            return engine.create(em, SnapshotOperations.CREATE, "i1", Caller.SYSTEM, "vdc-b",
                    new SnapshotParams("dom-1", name + "-id", name, null, gib));
        });
    }

    @Test
    void aLiveSnapshotClaimsTheMemoryAndADiskOnlyOneAGib() {
        assertThat(SnapshotClaims.gib(instance())).isEqualTo(2);
        InstanceEntity stopped = instance();
        stopped.setState(InstanceState.STOPPED);
        assertThat(SnapshotClaims.gib(stopped)).isEqualTo(1);
        stopped.setMemoryMib(16);
        stopped.setState(InstanceState.PAUSED);
        assertThat(SnapshotClaims.gib(stopped)).isEqualTo(1);
    }

    @Test
    void theLimitCountsSnapshotsStillBeingTaken() {
        snapshot("s1");
        snapshot("s2");

        assertThatThrownBy(() -> snapshot("s3")).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.error()).isEqualTo(OvmError.QUOTA_EXCEEDED);
            assertThat(e.getMessage()).isEqualTo("instance vm1 has 2 snapshots, the most an instance may have "
                    + "(snapshot.limit 2): delete one first");
        });
        assertThat(usedDisk()).isEqualTo(4);
    }

    @Test
    void aNameTakenByASnapshotBeingTakenIsA409() {
        snapshot("s1");

        assertThatThrownBy(() -> snapshot("s1")).isInstanceOfSatisfying(OvmException.class,
                e -> assertThat(e.error()).isEqualTo(OvmError.CONFLICT));
        assertThat(usedDisk()).isEqualTo(2);
    }

    @Test
    void theDiskQuotaRefusesASnapshotThatDoesNotFit() {
        SnapshotClaims many = new SnapshotClaims(quotas, 32);
        InstanceEntity instance = instance();
        for (int i = 0; i < 3; i++) {
            String name = "s" + i;
            db.tx().run(em -> many.claim(em, instance, name, 2));
        }
        assertThatThrownBy(() -> db.tx().run(em -> many.claim(em, instance, "s9", 2)))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.QUOTA_EXCEEDED);
                    assertThat(e.field()).isEqualTo("diskGiB");
                });
        assertThat(usedDisk()).isEqualTo(6);
    }

    @Test
    void aFailedSnapshotGivesItsClaimBack() {
        snapshot("s1");
        assertThat(usedDisk()).isEqualTo(2);
        CompensableStep reserve = (CompensableStep) new SnapshotOperations(db.tx(), null, null, quotas).all().get(0)
                .steps().get(0);
        Map<String, String> params = Json.toStrings(new SnapshotParams("dom-1", "s1-id", "s1", null, 2L));

        reserve.compensate(new StepContext("t", "i1", "system", params, Map.of(), null, false)).toCompletableFuture()
                .join();

        assertThat(usedDisk()).isZero();
    }
}
