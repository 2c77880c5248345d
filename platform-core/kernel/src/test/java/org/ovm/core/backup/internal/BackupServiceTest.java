package org.ovm.core.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.backup.BackupRequest;
import org.ovm.core.backup.BackupView;
import org.ovm.core.backup.RestoreRequest;
import org.ovm.core.backup.ScheduleRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.inventory.VolumeEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.VolumeState;
import org.ovm.core.storage.internal.FakeMemoryStorage;
import org.ovm.core.storage.internal.FakeTargets;
import org.ovm.core.storage.internal.FakeTransferStorage;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;

/**
 * Backups, restores and schedules against fake drivers on a real inventory: what the requests
 * claim, what the tasks do, and that a failure at each step leaves no file, no row and no claim.
 */
class BackupServiceTest {

    private static final Caller ALICE = new Caller("alice", Role.USER, "vdc-a", "u-alice");
    private static final Caller MALLORY = new Caller("mallory", Role.USER, "vdc-b", "u-mallory");
    private static final long GIB = 1L << 30;

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final EventPublisher events = new EventPublisher(db.tx(), executor);
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofSeconds(20),
            Duration.ofSeconds(1));
    private final FakeTransferStorage storage = new FakeTransferStorage("faketx");
    private final FakeMemoryStorage plain = new FakeMemoryStorage("plain");
    private final Map<String, StorageDriver> drivers = Map.of("faketx", storage, "plain", plain);
    private final FakeBackupHypervisor kvm = new FakeBackupHypervisor();
    private final BackupServiceImpl backups;

    BackupServiceTest() {
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h1', 'kvm1', 'kvm', 'qemu:///x', "
                + "'UP', 0)");
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h2', 'kvm2', 'kvm', 'qemu:///y', "
                + "'UP', 0)");
        sql("INSERT INTO VDCS (ID, NAME, QUOTA_DISK_GIB, USED_DISK_GIB, CREATED_AT) VALUES ('vdc-a', 'team-a', 7, 3, 0)");
        sql("INSERT INTO VDCS (ID, NAME, USED_DISK_GIB, CREATED_AT) VALUES ('vdc-b', 'team-b', 0, 0)");
        pool("pa", "alpha", "faketx", "h1");
        pool("pb", "backups", "faketx", "h1");
        pool("pr", "remote", "faketx", "h2");
        pool("pp", "plain", "plain", "h1");
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, VDC_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, "
                + "CREATED_AT, UPDATED_AT) VALUES ('i1', 'vm1', 'h1', 'vdc-a', 'RUNNING', 1, 512, TRUE, 'dom-1', 0, 0)");
        volume("v1", "data", 2, null);
        volume("v2", "root", 1, "i1");
        kvm.define("dom-1", "h1", PowerState.RUNNING, "/pools/alpha/root");
        QuotaClaims quotas = new QuotaClaims();
        new BackupOperations(db.tx(), FakeTargets.pools(db.tx(), drivers), FakeTargets.hosts(kvm, "kvm"), events,
                quotas).all().forEach(engine::register);
        backups = new BackupServiceImpl(db.tx(), engine, quotas, events, type -> Optional.ofNullable(drivers.get(type)),
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

    private void pool(String id, String name, String type, String host) {
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, HOST_ID, STATE, TOTAL_BYTES, AVAILABLE_BYTES, CREATED_AT) "
                + "VALUES ('" + id + "', '" + name + "', '" + type + "', 'file:///" + name + "', '" + host + "', 'UP', "
                + 100 * GIB + ", " + 50 * GIB + ", 0)");
        sql("INSERT INTO POOL_HOSTS (POOL_ID, HOST_ID, STATE, CHECKED_AT) VALUES ('" + id + "', '" + host
                + "', 'UP', 0)");
    }

    private void volume(String id, String name, long gib, String instanceId) {
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, VDC_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) "
                + "VALUES ('" + id + "', '" + name + "', 'pa', 'vdc-a', " + (instanceId == null ? "NULL" : "'"
                + instanceId + "'") + ", " + gib * GIB + ", 'qcow2', '/pools/alpha/" + name + "', '"
                + (instanceId == null ? "DETACHED" : "ATTACHED") + "', 0)");
        storage.pool("pa").put(name, new VolumeInfo(name, "/pools/alpha/" + name, "qcow2", gib * GIB, 0, null));
    }

    private long usedDisk() {
        return db.tx().call(em -> em.find(VdcEntity.class, "vdc-a").getUsedDiskGib());
    }

    private List<BackupEntity> rows() {
        return db.tx().call(em -> em.createQuery("SELECT b FROM BackupEntity b ORDER BY b.createdAt, b.name",
                BackupEntity.class).getResultList());
    }

    private long events(String topic) {
        return db.tx().call(em -> em.createQuery("SELECT COUNT(e) FROM EventEntity e WHERE e.topic = ?1", Long.class)
                .setParameter(1, topic).getSingleResult());
    }

    private TaskEntity finish(TaskView task) throws Exception {
        engine.whenFinished(task.id()).get(20, TimeUnit.SECONDS);
        return db.tx().call(em -> em.find(TaskEntity.class, task.id()));
    }

    private static OvmException refusal(Runnable call) {
        try {
            call.run();
        } catch (OvmException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aDetachedVolumeIsBackedUpOfflineClaimingItsQuota() throws Exception {
        TaskView task = backups.backupVolume(ALICE, "v1", new BackupRequest("pb", null));
        assertThat(usedDisk()).isEqualTo(5);
        assertThat(task.resourceId()).isEqualTo("v1");

        TaskEntity done = finish(task);

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        BackupView backup = backups.list(ALICE, "v1", null, null).get(0);
        assertThat(backup.state()).isEqualTo("READY");
        assertThat(backup.consistency()).isEqualTo("offline");
        assertThat(backup.name()).matches("backup-data-\\d{14}");
        assertThat(backup.poolName()).isEqualTo("backups");
        assertThat(backup.sizeBytes()).isEqualTo(2 * GIB);
        assertThat(backup.scheduled()).isFalse();
        assertThat(storage.pool("pb")).containsKey(backup.name());
        assertThat(storage.copiedFrom).containsExactly("fake://alpha/data");
        assertThat(usedDisk()).isEqualTo(5);
        assertThat(events("backup/created")).isEqualTo(1);
    }

    @Test
    void aFailedOfflineCopyLeavesNothingAndGivesTheQuotaBack() throws Exception {
        storage.failing.add("copyIn");

        TaskEntity done = finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "nightly")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(rows()).isEmpty();
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(usedDisk()).isEqualTo(3);
        assertThat(events("backup/failed")).isEqualTo(1);
    }

    @Test
    void aRunningInstancesDiskIsCopiedByItsHypervisorOntoAnEmptyVolume() throws Exception {
        TaskView task = backups.backupInstance(ALICE, "i1", new BackupRequest("pb", null));
        assertThat(task.resourceId()).isEqualTo("i1");

        TaskEntity done = finish(task);

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        BackupEntity backup = rows().get(0);
        assertThat(backup.getConsistency()).isEqualTo("quiesced");
        assertThat(backup.getInstanceId()).isEqualTo("i1");
        assertThat(kvm.calls).contains("backupDisk /pools/alpha/root->/pools/backups/" + backup.getName());
        assertThat(storage.pool("pb")).containsKey(backup.getName());
        assertThat(storage.copiedFrom).isEmpty();
        assertThat(usedDisk()).isEqualTo(4);
    }

    @Test
    void aFailedLiveBackupDeletesTheEmptyTargetAndGivesTheQuotaBack() throws Exception {
        kvm.failing.add("backupDisk");

        TaskEntity done = finish(backups.backupInstance(ALICE, "i1", new BackupRequest("pb", null)));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(rows()).isEmpty();
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(usedDisk()).isEqualTo(3);
    }

    @Test
    void aFailureAtTheSecondDiskRemovesTheFirstDisksBackupToo() throws Exception {
        sql("UPDATE INSTANCES SET STATE = 'STOPPED' WHERE ID = 'i1'");
        volume("v3", "logs", 1, "i1");
        storage.duringCopy = () -> {
            // the first disk's copy is written; the second one's fails
            if (storage.copiedFrom.size() == 1) {
                storage.failing.add("copyIn");
            }
        };
        sql("UPDATE VOLUMES SET CREATED_AT = 1 WHERE ID = 'v3'");

        TaskEntity done = finish(backups.backupInstance(ALICE, "i1", new BackupRequest("pb", null)));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(storage.copiedFrom).hasSize(1);
        assertThat(rows()).isEmpty();
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(usedDisk()).isEqualTo(3);
    }

    @Test
    void theRequestRefusesWhatCannotBeBackedUp() {
        OvmException notServed = refusal(() -> backups.backupInstance(ALICE, "i1", new BackupRequest("pr", null)));
        assertThat(notServed.error()).isEqualTo(OvmError.CONFLICT);
        assertThat(notServed.getMessage()).contains("backup pool remote is not attached to host kvm1");
        OvmException plainPool = refusal(() -> backups.backupVolume(ALICE, "v1", new BackupRequest("pp", null)));
        assertThat(plainPool.getMessage()).contains("does not copy volumes");
        assertThat(refusal(() -> backups.backupVolume(ALICE, "v1", new BackupRequest(null, null))).field())
                .isEqualTo("poolId");
        assertThat(refusal(() -> backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "bad name!"))).field())
                .isEqualTo("name");
        sql("UPDATE VDCS SET QUOTA_DISK_GIB = 4 WHERE ID = 'vdc-a'");
        assertThat(refusal(() -> backups.backupVolume(ALICE, "v1", new BackupRequest("pb", null))).error())
                .isEqualTo(OvmError.QUOTA_EXCEEDED);
        assertThat(rows()).isEmpty();
        assertThat(usedDisk()).isEqualTo(3);
    }

    @Test
    void anotherVdcsUserFindsNothing() throws Exception {
        finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", null)));
        String id = rows().get(0).getId();

        assertThat(refusal(() -> backups.get(MALLORY, id)).error()).isEqualTo(OvmError.NOT_FOUND);
        assertThat(refusal(() -> backups.delete(MALLORY, id)).error()).isEqualTo(OvmError.NOT_FOUND);
        assertThat(refusal(() -> backups.restore(MALLORY, id, new RestoreRequest("overwrite", null, null))).error())
                .isEqualTo(OvmError.NOT_FOUND);
        assertThat(refusal(() -> backups.backupVolume(MALLORY, "v1", new BackupRequest("pb", null))).error())
                .isEqualTo(OvmError.NOT_FOUND);
        assertThat(refusal(() -> backups.schedule(MALLORY, "i1")).error()).isEqualTo(OvmError.NOT_FOUND);
        assertThat(backups.list(MALLORY, null, null, null)).isEmpty();
    }

    @Test
    void aDeletedBackupsFileRowAndQuotaGo() throws Exception {
        finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "keepme")));
        String id = rows().get(0).getId();
        assertThat(usedDisk()).isEqualTo(5);

        TaskEntity done = finish(backups.delete(ALICE, id));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        assertThat(rows()).isEmpty();
        assertThat(storage.pool("pb")).isEmpty();
        assertThat(usedDisk()).isEqualTo(3);
        assertThat(events("backup/deleted")).isEqualTo(1);
    }

    @Test
    void aFailedDeleteLeavesTheBackupInErrorAndItsClaim() throws Exception {
        finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "keepme")));
        String id = rows().get(0).getId();
        storage.failing.add("deleteVolume");

        TaskEntity done = finish(backups.delete(ALICE, id));

        assertThat(done.getState()).isEqualTo("FAILED");
        assertThat(rows().get(0).getState()).isEqualTo("ERROR");
        assertThat(usedDisk()).isEqualTo(5);
    }

    @Test
    void aBackupRestoresAsANewVolumeClaimingQuota() throws Exception {
        finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "snap1")));
        String id = rows().get(0).getId();

        TaskEntity done = finish(backups.restore(ALICE, id, new RestoreRequest("new", "pa", "data-again")));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        VolumeEntity restored = db.tx().call(em -> em.createQuery("SELECT v FROM VolumeEntity v WHERE v.name = "
                + "'data-again'", VolumeEntity.class).getSingleResult());
        assertThat(restored.getState()).isEqualTo(VolumeState.DETACHED);
        assertThat(restored.getPath()).isEqualTo("/pools/alpha/data-again");
        assertThat(storage.copiedFrom).endsWith("fake://backups/snap1");
        assertThat(usedDisk()).isEqualTo(7);
        assertThat(events("backup/restored")).isEqualTo(1);
    }

    @Test
    void aFailedRestoreAsNewLeavesNoVolumeAndGivesTheQuotaBack() throws Exception {
        finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "snap1")));
        String id = rows().get(0).getId();
        storage.failing.add("copyIn");

        TaskEntity done = finish(backups.restore(ALICE, id, new RestoreRequest("new", "pa", "data-again")));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        long left = db.tx().call(em -> em.createQuery("SELECT COUNT(v) FROM VolumeEntity v WHERE v.name = "
                + "'data-again'", Long.class).getSingleResult());
        assertThat(left).isZero();
        assertThat(storage.pool("pa")).doesNotContainKey("data-again");
        assertThat(usedDisk()).isEqualTo(5);
    }

    @Test
    void aRestoreOverTheOriginalIsRefusedWhileItsInstanceRuns() throws Exception {
        finish(backups.backupInstance(ALICE, "i1", new BackupRequest("pb", null)));
        String id = rows().get(0).getId();

        OvmException running = refusal(() -> backups.restore(ALICE, id, new RestoreRequest("overwrite", null, null)));

        assertThat(running.error()).isEqualTo(OvmError.CONFLICT);
        assertThat(running.getMessage()).contains("stop instance vm1");
    }

    @Test
    void aRestoreOverTheStoppedOriginalReplacesItsFileUnderTheSameName() throws Exception {
        finish(backups.backupInstance(ALICE, "i1", new BackupRequest("pb", null)));
        BackupEntity backup = rows().get(0);
        sql("UPDATE INSTANCES SET STATE = 'STOPPED' WHERE ID = 'i1'");

        TaskEntity done = finish(backups.restore(ALICE, backup.getId(), new RestoreRequest("overwrite", null, null)));

        assertThat(done.getState()).isEqualTo("SUCCEEDED");
        VolumeEntity root = db.tx().call(em -> em.find(VolumeEntity.class, "v2"));
        assertThat(root.getPath()).isEqualTo("/pools/alpha/root");
        assertThat(root.getInstanceId()).isEqualTo("i1");
        assertThat(storage.pool("pa").keySet()).containsExactlyInAnyOrder("data", "root");
        assertThat(storage.copiedFrom.get(0)).isEqualTo("fake://backups/" + backup.getName());
        assertThat(storage.copiedFrom.get(1)).startsWith("fake://alpha/root-restore-");
        assertThat(usedDisk()).isEqualTo(4);
    }

    @Test
    void aFailedFirstCopyOfAnOverwriteLeavesTheVolumeUntouched() throws Exception {
        finish(backups.backupVolume(ALICE, "v1", new BackupRequest("pb", "snap1")));
        String id = rows().get(0).getId();
        storage.failing.add("copyIn");

        TaskEntity done = finish(backups.restore(ALICE, id, new RestoreRequest("overwrite", null, null)));

        assertThat(done.getState()).isEqualTo("ROLLED_BACK");
        assertThat(storage.pool("pa").keySet()).containsExactlyInAnyOrder("data", "root");
    }

    @Test
    void scheduleValidationNamesTheField() {
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest(null, "daily", "03:00", null,
                3))).field()).isEqualTo("poolId");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "hourly", "03:00", null,
                3))).field()).isEqualTo("kind");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "daily", "25:00", null,
                3))).field()).isEqualTo("at");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "weekly", "03:00", null,
                3))).field()).isEqualTo("dayOfWeek");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "weekly", "03:00",
                "FUNDAY", 3))).field()).isEqualTo("dayOfWeek");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "daily", "03:00", null,
                0))).field()).isEqualTo("keep");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "daily", "03:00", null,
                101))).field()).isEqualTo("keep");
        assertThat(refusal(() -> backups.putSchedule(ALICE, "i1", new ScheduleRequest("nope", "daily", "03:00",
                null, 1))).field()).isEqualTo("poolId");
        assertThat(refusal(() -> backups.schedule(ALICE, "i1")).error()).isEqualTo(OvmError.NOT_FOUND);
    }

    @Test
    void retentionKeepsTheNewestScheduledBackupsAndNeverPrunesManualOnes() throws Exception {
        sql("UPDATE VDCS SET QUOTA_DISK_GIB = 100 WHERE ID = 'vdc-a'");
        var view = backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "weekly", "03:30", "sunday", 2));
        assertThat(view.dayOfWeek()).isEqualTo("SUNDAY");
        assertThat(view.nextRunAt()).isNotNull();
        finish(backups.backupInstance(ALICE, "i1", new BackupRequest("pb", null)));
        for (int run = 0; run < 3; run++) {
            TaskEntity done = finish(backups.runSchedule(ALICE, "i1"));
            assertThat(done.getState()).isEqualTo("SUCCEEDED");
        }

        List<BackupEntity> left = rows();
        assertThat(left).hasSize(3);
        assertThat(left.stream().filter(b -> !b.isScheduled())).hasSize(1);
        assertThat(left.stream().filter(BackupEntity::isScheduled)).hasSize(2);
        assertThat(storage.pool("pb")).hasSize(3);
        assertThat(usedDisk()).isEqualTo(3 + 3);
        assertThat(events("backup/pruned")).isEqualTo(1);
        assertThat(backups.schedule(ALICE, "i1").lastRunAt()).isNotNull();
    }

    @Test
    void theSchedulerStartsDueSchedulesAndSetsTheirNextRun() throws Exception {
        backups.putSchedule(ALICE, "i1", new ScheduleRequest("pb", "daily", "03:00", null, 1));
        sql("UPDATE BACKUP_SCHEDULES SET NEXT_RUN_AT = 1 WHERE INSTANCE_ID = 'i1'");

        assertThat(backups.schedules().runDue(System.currentTimeMillis())).isEqualTo(1);
        assertThat(backups.schedules().runDue(System.currentTimeMillis())).isZero();

        String taskId = db.tx().call(em -> em.createQuery("SELECT t.id FROM TaskEntity t WHERE t.operation = "
                + "'instance.backup'", String.class).getSingleResult());
        engine.whenFinished(taskId).get(20, TimeUnit.SECONDS);
        assertThat(rows()).singleElement().satisfies(b -> assertThat(b.isScheduled()).isTrue());
        assertThat(events("backup-schedule/run")).isEqualTo(1);
    }

    @Test
    void nextRunsAreComputedInUtc() {
        long monday = java.time.Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
        assertThat(java.time.Instant.ofEpochMilli(Schedules.next("daily", "10:01", null, monday)))
                .isEqualTo(java.time.Instant.parse("2026-12-07T10:01:00Z"));
        assertThat(java.time.Instant.ofEpochMilli(Schedules.next("daily", "10:00", null, monday)))
                .isEqualTo(java.time.Instant.parse("2026-12-08T10:00:00Z"));
        assertThat(java.time.Instant.ofEpochMilli(Schedules.next("weekly", "03:30", "SUNDAY", monday)))
                .isEqualTo(java.time.Instant.parse("2026-12-13T03:30:00Z"));
        assertThat(java.time.Instant.ofEpochMilli(Schedules.next("weekly", "11:00", "MONDAY", monday)))
                .isEqualTo(java.time.Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(java.time.Instant.ofEpochMilli(Schedules.next("weekly", "09:00", "MONDAY", monday)))
                .isEqualTo(java.time.Instant.parse("2026-12-14T09:00:00Z"));
    }

    @Test
    void theRequestIsRefusedWithoutBody() {
        assertThatThrownBy(() -> backups.backupVolume(ALICE, "v1", null)).isInstanceOf(OvmException.class);
        assertThat(refusal(() -> backups.restore(ALICE, "x", new RestoreRequest("sideways", null, null))).field())
                .isEqualTo("mode");
    }
}
