package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

/**
 * Tenants leave nothing behind, and lifecycle races (issue 13), on a distribution of its own with
 * the simulator plugin: findings F5, F6, F7 and F16 of the security review reproduced as they were
 * reported, each answered as it should be now. The engine runs with {@code snapshot.limit} 3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantHardeningIT {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    private static final int SNAPSHOT_LIMIT = 3;

    private Distribution dist;
    private Api api;
    private String hostId;
    private String poolId;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("tenant-hardening", 40000);
        dist.start("-Dovm.snapshot.limit=" + SNAPSHOT_LIMIT);
        api = dist.api();
        api.installPlugins("ovm-plugin-simulator");
        hostId = api.addSimulatorHost("th1", 8, 16384);
        poolId = api.addSimulatorPool("th-pool", hostId);
    }

    @AfterAll
    void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    private String vdc(String name) throws Exception {
        Reply vdc = api.post("/vdcs", Json.object("name", name));
        assertThat(vdc.status()).as(vdc.body()).isEqualTo(201);
        return vdc.text("id");
    }

    private static String password(String user) {
        return "Tenant-" + user + "-pw-4711";
    }

    private Reply createUser(Api as, String name, String role, String vdcId) throws Exception {
        Reply user = as.post("/users", vdcId == null ? Json.object("username", name, "password", password(name), "role",
                role) : Json.object("username", name, "password", password(name), "role", role, "vdcId", vdcId));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        return user;
    }

    private Api login(String name) {
        return new Api(dist.baseUrl(), name, password(name));
    }

    private String succeeded(Api as, Reply started) throws Exception {
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(as.awaitTask(started.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        return started.text("resourceId");
    }

    private long usedDiskGib(String vdcId) throws Exception {
        return api.get("/vdcs/" + vdcId).json().get("usage").get("diskGiB").asLong();
    }

    /**
     * F6: b_tmp, a user of VDC B, created a volume; B's vdc-admin deleted b_tmp; A's vdc-admin
     * created a new b_tmp in VDC A, who could then read B's task. Tasks now belong to a user id.
     */
    @Test
    void aNewUserWithADeletedUsersNameDoesNotReadItsTasks() throws Exception {
        String vdcA = vdc("f6-a");
        String vdcB = vdc("f6-b");
        createUser(api, "f6_avadm", "vdc-admin", vdcA);
        createUser(api, "f6_bvadm", "vdc-admin", vdcB);
        Api aAdmin = login("f6_avadm");
        Api bAdmin = login("f6_bvadm");
        String oldUser = createUser(bAdmin, "b_tmp", "user", null).text("id");
        Api bTmp = login("b_tmp");
        Reply volume = bTmp.post("/volumes", Json.object("name", "f6-vol", "poolId", poolId, "sizeGiB", 1));
        succeeded(bTmp, volume);
        String task = volume.text("id");
        assertThat(bAdmin.get("/tasks/" + task).status()).as("the vdc-admin of the task's VDC").isEqualTo(200);
        assertThat(bAdmin.delete("/users/" + oldUser).status()).isEqualTo(204);

        createUser(aAdmin, "b_tmp", "user", null);
        Api newBTmp = login("b_tmp");

        assertThat(newBTmp.get("/tasks/" + task).status()).isEqualTo(404);
        assertThat(newBTmp.get("/tasks").body()).doesNotContain(task);
        assertThat(newBTmp.get("/tasks?user=b_tmp").body()).doesNotContain(task);
        assertThat(aAdmin.get("/tasks/" + task).status()).isEqualTo(404);
        assertThat(aAdmin.get("/tasks?user=b_tmp").body()).doesNotContain(task);
        Reply asAdmin = api.get("/tasks/" + task);
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.text("user")).as("the task still shows who started it").isEqualTo("b_tmp");
    }

    /**
     * F7: a VDC that still owned a volume and an affinity group was deleted (204) and left them
     * pointing to nothing. Now that is a 409 saying what it owns, and nothing is deleted.
     */
    @Test
    void aVdcThatOwnsAVolumeIsNotDeleted() throws Exception {
        String vdc = vdc("f7-doomed");
        String volume = succeeded(api, api.post("/volumes", Json.object("name", "f7-vol", "poolId", poolId,
                "sizeGiB", 1, "vdcId", vdc)));
        Reply group = api.post("/affinity-groups", Json.object("name", "f7-ag", "kind", "anti-affinity", "vdcId",
                vdc));
        assertThat(group.status()).as(group.body()).isEqualTo(201);

        Reply refused = api.delete("/vdcs/" + vdc);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("CONFLICT");
        assertThat(refused.text("detail")).isEqualTo("VDC 'f7-doomed' still owns 1 volume and 1 affinity group: "
                + "delete them first");
        assertThat(api.get("/vdcs/" + vdc).status()).isEqualTo(200);
        assertThat(usedDiskGib(vdc)).isEqualTo(1);
        assertThat(api.get("/volumes/" + volume).text("vdcId")).isEqualTo(vdc);

        succeeded(api, api.delete("/volumes/" + volume));
        assertThat(api.delete("/affinity-groups/" + group.text("id")).status()).isEqualTo(204);
        assertThat(api.delete("/vdcs/" + vdc).status()).isEqualTo(204);
    }

    /**
     * F16: ten concurrent DELETEs of one instance were ten tasks, nine of which failed. Now every
     * one of them answers 202 with the one delete task (the simulator's undefine is slowed so that
     * all ten arrive while it runs).
     */
    @Test
    void tenConcurrentDeletesOfAnInstanceAreOneTask() throws Exception {
        String instance = succeeded(api, api.post("/instances", Json.object("name", "f16-twice", "cpus", 1,
                "memoryMiB", 256, "hostId", hostId)));
        assertThat(dist.client("ovm:sim-fault --delay 5000 undefine")).contains("undefine");

        ExecutorService callers = Executors.newFixedThreadPool(10);
        List<Reply> replies;
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Reply>> sent = java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                            return api.delete("/instances/" + instance);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, callers)).toList();
            go.countDown();
            replies = sent.stream().map(CompletableFuture::join).toList();
        } finally {
            callers.shutdownNow();
        }

        assertThat(replies).extracting(Reply::status).containsOnly(202);
        String task = replies.get(0).text("id");
        assertThat(replies).extracting(r -> r.text("id")).containsOnly(task);
        assertThat(replies).extracting(Reply::location).allSatisfy(l -> assertThat(l).endsWith("tasks/" + task));
        assertThat(api.awaitTask(task, TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/tasks?operation=instance.delete&resourceId=" + instance).json().get("total").asInt())
                .isEqualTo(1);
        assertThat(api.get("/instances/" + instance).status()).isEqualTo(404);
    }

    /**
     * F5: snapshots were unlimited and counted in no quota. Now an instance has at most
     * {@code snapshot.limit} of them, and each claims disk quota (a running instance's memory, here
     * 1 GiB) until it or its instance is deleted.
     */
    @Test
    void snapshotsAreLimitedAndCounted() throws Exception {
        String vdc = api.post("/vdcs", Json.object("name", "f5-snaps", "quota", java.util.Map.of("diskGiB", 100)))
                .text("id");
        String instance = succeeded(api, api.post("/instances", Json.object("name", "f5-vm", "cpus", 1,
                "memoryMiB", 1024, "hostId", hostId, "vdcId", vdc, "start", true)));
        String first = null;
        for (int i = 1; i <= SNAPSHOT_LIMIT; i++) {
            succeeded(api, api.post("/instances/" + instance + "/snapshots", Json.object("name", "s" + i)));
        }
        assertThat(usedDiskGib(vdc)).isEqualTo(SNAPSHOT_LIMIT);

        Reply refused = api.post("/instances/" + instance + "/snapshots", Json.object("name", "one-more"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.text("detail")).contains("snapshot.limit " + SNAPSHOT_LIMIT);
        assertThat(usedDiskGib(vdc)).isEqualTo(SNAPSHOT_LIMIT);

        for (var snapshot : api.get("/instances/" + instance + "/snapshots").json().get("items")) {
            if (snapshot.get("name").asText().equals("s1")) {
                first = snapshot.get("id").asText();
            }
        }
        assertThat(first).isNotNull();
        Reply deleted = api.delete("/instances/" + instance + "/snapshots/" + first);
        assertThat(api.awaitTask(deleted.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(usedDiskGib(vdc)).isEqualTo(SNAPSHOT_LIMIT - 1);

        succeeded(api, api.delete("/instances/" + instance));
        assertThat(usedDiskGib(vdc)).isZero();
        assertThat(api.delete("/vdcs/" + vdc).status()).isEqualTo(204);
    }
}
