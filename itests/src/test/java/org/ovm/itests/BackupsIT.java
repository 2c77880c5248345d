package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16, backups (contract §8) on the simulator's hypervisor and storage: a detached volume is
 * backed up offline and a running instance's disk through its hypervisor, both listed with their
 * consistency; another VDC's user finds none of them; a backup is restored as a new volume and over
 * its original (refused while the instance runs, done once it is stopped); a schedule's runs prune
 * the scheduled backups beyond {@code keep} but never the manual ones; the VDC's disk quota is
 * claimed by each backup and given back when they are deleted. On the shared distribution: the
 * scheduler running a schedule by itself at its time is shown on real backends by NfsStorageIT (and
 * BackupSchedulerTest), so this class waits for no clock.
 */
class BackupsIT extends SimulatorTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "Backups-pass-2026";
    private static final long GIB = 1L << 30;

    BackupsIT(Distribution dist) {
        super(dist);
    }

    private static void problem(Reply reply, int status, String field, String... texts) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(reply.text("field")).as(reply.body()).isEqualTo(field);
        }
        assertThat(reply.text("detail")).contains(texts);
    }

    private static JsonNode succeeded(Api caller, Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode task = caller.awaitTask(reply.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        return task;
    }

    private long usedDisk(String vdc) throws Exception {
        return api.get("/vdcs/" + vdc).json().get("usage").get("diskGiB").asLong();
    }

    private static List<JsonNode> items(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        reply.json().get("items").forEach(items::add);
        return items;
    }

    @Test
    void backupsRestoresSchedulesAndQuota() throws Exception {
        String zone = Api.created(api.post("/zones", "{\"name\": \"bk\"}"));
        String cluster = Api.created(api.post("/clusters", Json.object("name", "bk", "zoneId", zone,
                "hypervisorType", "simulator")));
        String host = api.addHost(Json.object("name", "bk1", "type", "simulator", "uri", "sim://bk1?cpus=8"
                + "&memoryMiB=8192", "clusterId", cluster));
        String data = api.addSimulatorPool("bk-data", host);
        String vault = api.addSimulatorPool("bk-vault", host);
        String vdc = Api.created(api.post("/vdcs", Json.object("name", "bk-team", "quota", Map.of("diskGiB", 20))));
        assertThat(api.post("/users", Json.object("username", "bk-user", "password", PASSWORD, "role", "user",
                "vdcId", vdc)).status()).isEqualTo(201);
        String other = Api.created(api.post("/vdcs", Json.object("name", "bk-other")));
        assertThat(api.post("/users", Json.object("username", "bk-other", "password", PASSWORD, "role", "user",
                "vdcId", other)).status()).isEqualTo(201);
        Api user = new Api(dist.baseUrl(), "bk-user", PASSWORD);
        Api stranger = new Api(dist.baseUrl(), "bk-other", PASSWORD);

        String instance = user.finished(user.post("/instances", Json.object("name", "bk-vm", "cpus", 1, "memoryMiB",
                64, "hostId", host, "storagePoolId", data, "diskGiB", 2)), TIMEOUT);
        if (!"RUNNING".equals(user.get("/instances/" + instance).text("state"))) {
            succeeded(user, user.post("/instances/" + instance + "/start", "{}"));
        }
        String volume = user.finished(user.post("/volumes", Json.object("name", "bk-vol", "poolId", data, "sizeGiB",
                1)), TIMEOUT);
        long baseline = usedDisk(vdc);
        assertThat(baseline).isEqualTo(3);

        // refusals name the field
        problem(user.post("/volumes/" + volume + "/backups", "{}"), 400, "poolId", "poolId is required");
        problem(user.post("/instances/" + instance + "/backup-schedule/run", "{}"), 404, null, "");

        // a detached volume: an offline copy through the pools' drivers
        succeeded(user, user.post("/volumes/" + volume + "/backups", Json.object("poolId", vault)));
        JsonNode volumeBackup = items(user.get("/backups?volumeId=" + volume)).get(0);
        assertThat(volumeBackup.get("state").asText()).isEqualTo("READY");
        assertThat(volumeBackup.get("consistency").asText()).isEqualTo("offline");
        assertThat(volumeBackup.get("name").asText()).matches("backup-bk-vol-\\d{14}");
        assertThat(volumeBackup.get("poolName").asText()).isEqualTo("bk-vault");
        assertThat(volumeBackup.get("sizeBytes").asLong()).isEqualTo(GIB);
        assertThat(volumeBackup.get("scheduled").asBoolean()).isFalse();
        assertThat(usedDisk(vdc)).isEqualTo(baseline + 1);

        // a running instance: its hypervisor copies the disk while it runs
        JsonNode task = succeeded(user, user.post("/instances/" + instance + "/backups", Json.object("poolId", vault)));
        assertThat(task.get("operation").asText()).isEqualTo("instance.backup");
        List<JsonNode> instanceBackups = items(user.get("/backups?instanceId=" + instance));
        assertThat(instanceBackups).hasSize(1);
        JsonNode diskBackup = instanceBackups.get(0);
        assertThat(diskBackup.get("consistency").asText()).isIn("crash", "quiesced");
        assertThat(usedDisk(vdc)).isEqualTo(baseline + 3);
        assertThat(items(api.get("/backups?poolId=" + vault))).hasSize(2);
        assertThat(api.newestEvent("backup/created", diskBackup.get("id").asText()).get("outcome").asText())
                .isEqualTo("SUCCEEDED");

        // another VDC's user finds none of it
        assertThat(items(stranger.get("/backups"))).isEmpty();
        assertThat(stranger.get("/backups/" + diskBackup.get("id").asText()).status()).isEqualTo(404);
        assertThat(stranger.delete("/backups/" + diskBackup.get("id").asText()).status()).isEqualTo(404);
        assertThat(stranger.get("/instances/" + instance + "/backup-schedule").status()).isEqualTo(404);

        // restore as a new volume: quota claimed
        String restored = user.finished(user.post("/backups/" + volumeBackup.get("id").asText() + "/restore",
                Json.object("mode", "new", "poolId", data, "name", "bk-vol-restored")), TIMEOUT);
        List<JsonNode> found = items(user.get("/volumes?name=bk-vol-restored"));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("state").asText()).isEqualTo("DETACHED");
        assertThat(restored).isEqualTo(volumeBackup.get("id").asText());
        assertThat(usedDisk(vdc)).isEqualTo(baseline + 4);

        // restore over the original: refused while its instance runs, done once it is stopped
        String diskBackupId = diskBackup.get("id").asText();
        problem(user.post("/backups/" + diskBackupId + "/restore", Json.object("mode", "overwrite")), 409, null,
                "stop instance bk-vm");
        succeeded(user, user.post("/instances/" + instance + "/stop", "{}"));
        JsonNode disk = user.get("/volumes/" + diskBackup.get("volumeId").asText()).json();
        succeeded(user, user.post("/backups/" + diskBackupId + "/restore", Json.object("mode", "overwrite")));
        JsonNode after = user.get("/volumes/" + diskBackup.get("volumeId").asText()).json();
        assertThat(after.get("path").asText()).isEqualTo(disk.get("path").asText());
        assertThat(after.get("instanceId").asText()).isEqualTo(instance);
        assertThat(api.newestEvent("backup/restored", diskBackupId).get("outcome").asText()).isEqualTo("SUCCEEDED");

        // delete: gone, and its quota given back
        succeeded(user, user.delete("/backups/" + volumeBackup.get("id").asText()));
        assertThat(user.get("/backups/" + volumeBackup.get("id").asText()).status()).isEqualTo(404);
        assertThat(usedDisk(vdc)).isEqualTo(baseline + 3);

        // a schedule: bad fields are 400s naming them
        problem(user.put("/instances/" + instance + "/backup-schedule", Json.object("poolId", vault, "kind", "daily",
                "at", "25:00", "keep", 1)), 400, "at", "HH:MM");
        problem(user.put("/instances/" + instance + "/backup-schedule", Json.object("poolId", vault, "kind", "weekly",
                "at", "03:00", "keep", 1)), 400, "dayOfWeek", "dayOfWeek");
        problem(user.put("/instances/" + instance + "/backup-schedule", Json.object("poolId", vault, "kind", "daily",
                "at", "03:00", "keep", 0)), 400, "keep", "between 1 and 100");
        assertThat(user.get("/instances/" + instance + "/backup-schedule").status()).isEqualTo(404);

        // a schedule due in six hours: only the runs asked for below happen during the test
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String at = now.plusHours(6).toLocalTime().withSecond(0).withNano(0)
                .format(DateTimeFormatter.ofPattern("HH:mm"));
        Reply put = user.put("/instances/" + instance + "/backup-schedule", Json.object("poolId", vault, "kind",
                "daily", "at", at, "keep", 1));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.text("nextRunAt")).contains("T" + at);
        assertThat(put.text("poolName")).isEqualTo("bk-vault");
        assertThat(user.get("/instances/" + instance + "/backup-schedule").text("at")).isEqualTo(at);

        // run now: a scheduled backup (keep 1)
        succeeded(user, user.post("/instances/" + instance + "/backup-schedule/run", "{}"));
        List<JsonNode> scheduled = items(user.get("/backups?instanceId=" + instance)).stream()
                .filter(b -> b.get("scheduled").asBoolean()).toList();
        assertThat(scheduled).hasSize(1);
        String firstScheduled = scheduled.get(0).get("id").asText();

        // the next run replaces it (pruned beyond keep 1); the manual backup stays
        succeeded(user, user.post("/instances/" + instance + "/backup-schedule/run", "{}"));
        List<JsonNode> left = items(user.get("/backups?instanceId=" + instance));
        assertThat(left.stream().filter(b -> b.get("scheduled").asBoolean())).hasSize(1);
        assertThat(left.stream().map(b -> b.get("id").asText())).doesNotContain(firstScheduled)
                .contains(diskBackupId);
        assertThat(left.stream().filter(b -> b.get("scheduled").asBoolean()).findFirst().orElseThrow()
                .get("state").asText()).isEqualTo("READY");
        assertThat(user.get("/instances/" + instance + "/backup-schedule").text("lastRunAt")).isNotNull();
        assertThat(api.newestEvent("backup/pruned", firstScheduled).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.newestEvent("backup-schedule/run", instance).get("user").asText()).isEqualTo("bk-user");

        // remove the schedule; delete every backup: the quota is back where it was
        assertThat(user.delete("/instances/" + instance + "/backup-schedule").status()).isEqualTo(204);
        assertThat(user.get("/instances/" + instance + "/backup-schedule").status()).isEqualTo(404);
        for (JsonNode backup : items(user.get("/backups"))) {
            succeeded(user, user.delete("/backups/" + backup.get("id").asText()));
        }
        assertThat(items(api.get("/backups"))).isEmpty();
        assertThat(usedDisk(vdc)).isEqualTo(baseline + 1);
    }
}
