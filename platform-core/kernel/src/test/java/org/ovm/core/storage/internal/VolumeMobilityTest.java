package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeCopyRequest;
import org.ovm.core.storage.VolumeMigrateRequest;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;

/**
 * Volume copy and migrate against fake drivers on a real inventory: what the request claims, what
 * the tasks do, and that a failure at each step leaves nothing behind and gives the claim back.
 */
class VolumeMobilityTest {

    private static final Caller ALICE = new Caller("alice", Role.USER, "vdc-a", "u-alice");
    private static final long GIB = 1L << 30;

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final EventPublisher events = new EventPublisher(db.tx(), executor);
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofSeconds(20),
            Duration.ofSeconds(1));
    private final QuotaClaims quotas = new QuotaClaims();
    private final FakeTransferStorage storage = new FakeTransferStorage("faketx");
    private final FakeMemoryStorage plain = new FakeMemoryStorage("plain");
    private final Map<String, StorageDriver> drivers = Map.of("faketx", storage, "plain", plain);
    private final FakeMovingHypervisor kvm = new FakeMovingHypervisor();
    private final VolumeMobility mobility;

    VolumeMobilityTest() {
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h1', 'kvm1', 'kvm', 'qemu:///x', "
                + "'UP', 0)");
        sql("INSERT INTO VDCS (ID, NAME, QUOTA_DISK_GIB, USED_DISK_GIB, CREATED_AT) VALUES ('vdc-a', 'team-a', 5, 2, 0)");
        pool("pa", "alpha", "faketx");
        pool("pb", "beta", "faketx");
        pool("pp", "plain", "plain");
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, VDC_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, "
                + "CREATED_AT, UPDATED_AT) VALUES ('i1', 'vm1', 'h1', 'vdc-a', 'STOPPED', 1, 512, TRUE, 'dom-1', 0, 0)");
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, VDC_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v1', 'data', 'pa', 'vdc-a', " + 2 * GIB + ", 'qcow2', '/pools/alpha/data', 'DETACHED', 0)");
        storage.pool("pa").put("data", new VolumeInfo("data", "/pools/alpha/data", "qcow2", 2 * GIB, 0, null));
        new VolumeCopyOperations(db.tx(), FakeTargets.pools(db.tx(), drivers), FakeTargets.hosts(kvm, "kvm"), events, quotas,
                (poolId, ctx) -> CompletableFuture.completedFuture(null)).all().forEach(engine::register);
        mobility = new VolumeMobility(db.tx(), engine, quotas, type -> Optional.ofNullable(drivers.get(type)),
                type -> Optional.of(kvm));
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

    private void pool(String id, String name, String type) {
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, HOST_ID, STATE, TOTAL_BYTES, AVAILABLE_BYTES, CREATED_AT) "
                + "VALUES ('" + id + "', '" + name + "', '" + type + "', 'file:///" + name + "', 'h1', 'UP', "
                + 100 * GIB + ", " + 50 * GIB + ", 0)");
        sql("INSERT INTO POOL_HOSTS (POOL_ID, HOST_ID, STATE, CHECKED_AT) VALUES ('" + id + "', 'h1', 'UP', 0)");
    }

    private VolumeEntity volume(String id) {
        return db.tx().call(em -> em.find(VolumeEntity.class, id));
    }

    private VolumeEntity named(String poolId, String name) {
        return db.tx().call(em -> em.createQuery("SELECT v FROM VolumeEntity v WHERE v.poolId = ?1 AND v.name = ?2",
                VolumeEntity.class).setParameter(1, poolId).setParameter(2, name).getResultList().stream().findFirst()
                .orElse(null));
    }

    private long usedDisk() {
        return db.tx().call(em -> em.find(VdcEntity.class, "vdc-a").getUsedDiskGib());
    }

    private TaskEntity finish(TaskView task) throws Exception {
        engine.whenFinished(task.id()).get(20, TimeUnit.SECONDS);
        return db.tx().call(em -> em.find(TaskEntity.class, task.id()));
    }

    private void attachTo(String state) {
        sql("UPDATE INSTANCES SET STATE = '" + state + "' WHERE ID = 'i1'");
        sql("UPDATE VOLUMES SET INSTANCE_ID = 'i1', STATE = 'ATTACHED' WHERE ID = 'v1'");
        kvm.define("dom-1", "h1", "RUNNING".equals(state) ? PowerState.RUNNING : PowerState.STOPPED,
                "/pools/alpha/data");
    }

    @Test
    void aCopyIsANewVolumeInTheTargetPoolClaimingItsQuota() throws Exception {
        TaskView task = mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", null));
        assertThat(usedDisk()).isEqualTo(4);

        TaskEntity done = finish(task);

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(done.getProgress()).isEqualTo(50);
        VolumeEntity copy = named("pb", "data-copy");
        assertThat(done.getResourceId()).isEqualTo(copy.getId());
        assertThat(task.resourceId()).isEqualTo(copy.getId());
        assertThat(copy.getState()).isEqualTo(VolumeState.DETACHED);
        assertThat(copy.getPath()).isEqualTo("/pools/beta/data-copy");
        assertThat(copy.getVdcId()).isEqualTo("vdc-a");
        assertThat(copy.getSizeBytes()).isEqualTo(2 * GIB);
        assertThat(storage.copiedFrom).containsExactly("fake://alpha/data");
        assertThat(storage.pool("pa")).containsKey("data");
        assertThat(usedDisk()).isEqualTo(4);
    }

    @Test
    void aFailedCopyLeavesNothingAndGivesTheQuotaBack() throws Exception {
        storage.failing.add("copyIn");

        TaskEntity done = finish(mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", "twin")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(named("pb", "twin")).isNull();
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(usedDisk()).isEqualTo(2);
    }

    @Test
    void anUnsupportedCopyIsAConflictWithTheDriversReason() throws Exception {
        storage.failing.add("copyIn-unsupported");

        TaskEntity done = finish(mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", "twin")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(done.getErrorCode()).isEqualTo("CONFLICT");
        assertThat(done.getError()).contains("pool beta is on a remote host");
        assertThat(usedDisk()).isEqualTo(2);
    }

    @Test
    void aSourceTheEngineCannotReadFailsTheCopy() throws Exception {
        storage.failing.add("readUrl");

        TaskEntity done = finish(mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", "twin")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(done.getError()).contains("the engine cannot read volume data of pool alpha");
        assertThat(named("pb", "twin")).isNull();
        assertThat(usedDisk()).isEqualTo(2);
    }

    @Test
    void theRequestRefusesWhatCannotBeCopied() {
        assertThatThrownBy(() -> mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pp", null)))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
                    assertThat(e.getMessage()).contains("plugin ovm-plugin-plain");
                });
        assertThatThrownBy(() -> mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("nope", null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("poolId"));
        assertThatThrownBy(() -> mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pa", "data")))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.CONFLICT));
        sql("UPDATE VOLUMES SET SIZE_BYTES = " + 4 * GIB + " WHERE ID = 'v1'");
        assertThatThrownBy(() -> mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", null)))
                .isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.error()).isEqualTo(OvmError.QUOTA_EXCEEDED));
        attachTo("RUNNING");
        assertThatThrownBy(() -> mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.getMessage())
                        .contains("stop instance vm1 or detach the volume"));
        assertThat(usedDisk()).isEqualTo(2);
        assertThat(named("pb", "data-copy")).isNull();
    }

    @Test
    void anInstanceStartedDuringItsDisksCopyFailsTheCopy() throws Exception {
        attachTo("STOPPED");
        storage.duringCopy = () -> sql("UPDATE INSTANCES SET STATE = 'RUNNING' WHERE ID = 'i1'");

        TaskEntity done = finish(mobility.copy(ALICE, volume("v1"), new VolumeCopyRequest("pb", null)));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(done.getError()).contains("instance vm1 is RUNNING");
        assertThat(named("pb", "data-copy")).isNull();
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(usedDisk()).isEqualTo(2);
    }

    @Test
    void aDetachedVolumeMovesKeepingItsIdAndName() throws Exception {
        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        VolumeEntity moved = volume("v1");
        assertThat(moved.getPoolId()).isEqualTo("pb");
        assertThat(moved.getName()).isEqualTo("data");
        assertThat(moved.getPath()).isEqualTo("/pools/beta/data");
        assertThat(storage.pool("pa")).isEmpty();
        assertThat(storage.pool("pb")).containsKey("data");
        assertThat(usedDisk()).isEqualTo(2);
    }

    @Test
    void aFailedOfflineMoveLeavesTheVolumeWhereItWas() throws Exception {
        storage.failing.add("copyIn");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("FAILED");
        assertThat(volume("v1").getPoolId()).isEqualTo("pa");
        assertThat(storage.pool("pa")).containsKey("data");
        assertThat(storage.pool("pb")).isEmpty();
    }

    @Test
    void aVolumeAttachedWhileItWasCopiedStaysWhereItWas() throws Exception {
        storage.duringCopy = () -> sql("UPDATE VOLUMES SET INSTANCE_ID = 'i1', STATE = 'ATTACHED' WHERE ID = 'v1'");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(done.getError()).contains("was attached to an instance while it was copied");
        assertThat(volume("v1").getPoolId()).isEqualTo("pa");
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(storage.pool("pa")).containsKey("data");
    }

    @Test
    void aStoppedInstancesDiskMovesAndItsDefinitionFollows() throws Exception {
        attachTo("STOPPED");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(done.getResourceId()).isEqualTo("i1");
        assertThat(kvm.disks.get("dom-1")).containsExactly("/pools/beta/data");
        assertThat(volume("v1").getPath()).isEqualTo("/pools/beta/data");
        assertThat(storage.pool("pa")).isEmpty();
    }

    @Test
    void whenTheDefinitionCannotTakeTheCopyTheOldDiskIsAttachedAgain() throws Exception {
        attachTo("STOPPED");
        kvm.failing.add("attachDisk:/pools/beta/data");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(kvm.disks.get("dom-1")).containsExactly("/pools/alpha/data");
        assertThat(volume("v1").getPoolId()).isEqualTo("pa");
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(storage.pool("pa")).containsKey("data");
    }

    @Test
    void aRunningInstancesDiskMovesByBlockCopyOnItsQueue() throws Exception {
        attachTo("RUNNING");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(done.getResourceId()).isEqualTo("i1");
        assertThat(done.getProgress()).isEqualTo(100);
        assertThat(kvm.calls).contains("copyDisk /pools/alpha/data->/pools/beta/data");
        assertThat(storage.copiedFrom).isEmpty();
        assertThat(volume("v1").getPoolId()).isEqualTo("pb");
        assertThat(storage.pool("pa")).isEmpty();
    }

    @Test
    void aFailedBlockCopyDeletesTheTargetAndKeepsTheRow() throws Exception {
        attachTo("RUNNING");
        kvm.failing.add("copyDisk");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(volume("v1").getPoolId()).isEqualTo("pa");
        assertThat(volume("v1").getPath()).isEqualTo("/pools/alpha/data");
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(storage.pool("pa")).containsKey("data");
    }

    @Test
    void aSourceThatWillNotGoIsReportedNotUndone() throws Exception {
        storage.failing.add("deleteVolume");

        TaskEntity done = finish(mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(volume("v1").getPoolId()).isEqualTo("pb");
        assertThat(storage.pool("pb")).containsKey("data");
    }

    @Test
    void aMoveToItsOwnPoolOrOntoATakenNameIsRefused() {
        assertThatThrownBy(() -> mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pa")))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error())
                        .isEqualTo(OvmError.INVALID_INPUT));
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, VDC_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v2', 'data', 'pb', 'vdc-a', 1, 'qcow2', '/pools/beta/data', 'DETACHED', 0)");
        assertThatThrownBy(() -> mobility.migrate(ALICE, volume("v1"), new VolumeMigrateRequest("pb")))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.CONFLICT));
    }
}
