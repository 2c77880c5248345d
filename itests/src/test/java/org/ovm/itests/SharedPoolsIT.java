package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16, pools on many hosts (contract §3), on the simulator: a cluster pool is attached to
 * both hosts of its cluster and to a host that joins later; taking its storage away (the
 * simulator's {@code down} marker file) degrades it within one probe period with a reason, names
 * it on its hosts ({@code storageReason}) and heals when the storage is back; overcommit 1.0
 * refuses disks that do not fit with the numbers; bad placement fields and ratios are 400s; users
 * see neither uri nor hosts; one host is detached and attached again. On a distribution of its own
 * with a 2 s probe period (port base 52100).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedPoolsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PROBE_SECONDS = 2;
    /** One probe period, plus the probe itself and the poll. */
    private static final Duration ONE_PERIOD = Duration.ofSeconds(PROBE_SECONDS + 3);
    private static final long GIB = 1L << 30;

    private Distribution dist;
    private Api api;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("shared-pools", 52100);
        dist.start("-Dovm.storage.probe.seconds=" + PROBE_SECONDS);
        api = dist.api();
        api.installPlugins("ovm-plugin-simulator");
    }

    @AfterAll
    void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    private static void problem(Reply reply, int status, String field, String... texts) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(reply.text("field")).as(reply.body()).isEqualTo(field);
        }
        assertThat(reply.text("detail")).contains(texts);
    }

    private String succeeded(Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(reply.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        return reply.text("resourceId");
    }

    private static List<String> hostStates(JsonNode pool) {
        List<String> states = new ArrayList<>();
        pool.get("hosts").forEach(h -> states.add(h.get("hostId").asText() + "=" + h.get("state").asText()));
        return states;
    }

    @Test
    void aClusterPoolOnManyHostsDegradesHealsAndRefusesOvercommit() throws Exception {
        String zone = Api.created(api.post("/zones", "{\"name\": \"sp\"}"));
        String cluster = Api.created(api.post("/clusters", Json.object("name", "sp", "zoneId", zone,
                "hypervisorType", "simulator")));
        List<String> hosts = new ArrayList<>();
        for (int h = 1; h <= 2; h++) {
            hosts.add(api.addHost(Json.object("name", "sp" + h, "type", "simulator", "uri", "sim://sp" + h
                    + "?cpus=8&memoryMiB=8192", "clusterId", cluster)));
        }
        Path marker = dist.home().resolve("nfs1.down");
        String uri = "sim://shared/nfs1?totalGiB=10&down=" + marker;

        // bad placement fields and ratios
        problem(api.post("/storage-pools", Json.object("name", "bad", "type", "simulator", "uri", uri)), 400,
                "hostId", "exactly one of hostId (one host), clusterId (every host of a cluster) or hostIds");
        problem(api.post("/storage-pools", Json.object("name", "bad", "type", "simulator", "uri", uri, "hostId",
                hosts.get(0), "clusterId", cluster)), 400, "hostId", "exactly one of");
        problem(api.post("/storage-pools", Json.object("name", "bad", "type", "simulator", "uri", uri, "hostIds",
                List.of(hosts.get(0), "no-such-host"))), 400, "hostIds", "host no-such-host does not exist");
        problem(api.post("/storage-pools", Json.object("name", "bad", "type", "simulator", "uri", uri, "clusterId",
                "no-such-cluster")), 400, "clusterId", "does not exist");
        for (double ratio : new double[] {0.5, 0, 100.5}) {
            problem(api.post("/storage-pools", Json.object("name", "bad", "type", "simulator", "uri", uri,
                    "clusterId", cluster, "overcommitRatio", ratio)), 400, "overcommitRatio", "between 1.0 and 100");
        }
        problem(api.post("/storage-pools", Json.object("name", "bad", "type", "simulator", "uri", uri, "clusterId",
                cluster, "settings", java.util.Map.of("bad key", "x"))), 400, "settings", "setting names");
        assertThat(api.get("/storage-pools?name=bad").json().get("total").asInt()).isZero();

        // a cluster pool: attached to both hosts
        String pool = succeeded(api.post("/storage-pools", Json.object("name", "nfs1", "type", "simulator", "uri", uri,
                "clusterId", cluster, "overcommitRatio", 1.0, "settings", java.util.Map.of("nfsUid", "64055"))));
        JsonNode view = api.get("/storage-pools/" + pool).json();
        assertThat(view.get("state").asText()).isEqualTo("UP");
        assertThat(view.get("clusterId").asText()).isEqualTo(cluster);
        assertThat(view.get("shared").asBoolean()).isTrue();
        assertThat(view.get("totalBytes").asLong()).isEqualTo(10 * GIB);
        assertThat(view.get("overcommitRatio").asDouble()).isEqualTo(1.0);
        assertThat(hostStates(view)).containsExactlyInAnyOrder(hosts.get(0) + "=UP", hosts.get(1) + "=UP");
        assertThat(view.get("hosts").get(0).get("hostName").asText()).startsWith("sp");

        // a host that joins the cluster later gets it
        String third = api.addHost(Json.object("name", "sp3", "type", "simulator", "uri", "sim://sp3?cpus=8"
                + "&memoryMiB=8192", "clusterId", cluster));
        hosts.add(third);
        api.awaitGet("/storage-pools/" + pool, r -> hostStates(r.json()).contains(third + "=UP"), TIMEOUT);

        // users see the pool, not where it lives
        String vdc = Api.created(api.post("/vdcs", "{\"name\": \"sp-team\"}"));
        assertThat(api.post("/users", Json.object("username", "sp-user", "password", "sp-user-password", "role",
                "user", "vdcId", vdc)).status()).isEqualTo(201);
        Api user = new Api(dist.baseUrl(), "sp-user", "sp-user-password");
        JsonNode seen = user.get("/storage-pools?name=nfs1").json().get("items").get(0);
        assertThat(seen.get("id").asText()).isEqualTo(pool);
        for (String hidden : List.of("uri", "hostId", "hostIds", "hosts")) {
            assertThat(seen.path(hidden).isMissingNode() || seen.get(hidden).isNull()).as(hidden).isTrue();
        }
        assertThat(seen.toString()).doesNotContain("sim://", hosts.get(0));
        assertThat(user.get("/storage-pools/" + pool).status()).isEqualTo(403);
        assertThat(user.post("/storage-pools/" + pool + "/hosts", Json.object("hostId", third)).status())
                .isEqualTo(403);

        // overcommit 1.0: the numbers in a 409, in the request, for volumes and instance disks
        problem(api.post("/volumes", Json.object("name", "too-big", "poolId", pool, "sizeGiB", 11, "vdcId", vdc)), 409,
                "sizeGiB", "pool nfs1 would hold 11.0 GiB of virtual disks (0.0 GiB now + 11.0 GiB asked), over "
                        + "1.0 × its 10.0 GiB; free space or raise its overcommitRatio");
        String volume = succeeded(api.post("/volumes", Json.object("name", "v4", "poolId", pool, "sizeGiB", 4,
                "vdcId", vdc)));
        problem(api.post("/volumes", Json.object("name", "v7", "poolId", pool, "sizeGiB", 7, "vdcId", vdc)), 409,
                "sizeGiB", "11.0 GiB of virtual disks (4.0 GiB now + 7.0 GiB asked)");
        problem(api.post("/instances", Json.object("name", "big-disk", "cpus", 1, "memoryMiB", 64, "clusterId",
                cluster, "storagePoolId", pool, "diskGiB", 8, "vdcId", vdc)), 409, "diskGiB",
                "pool nfs1 would hold 12.0 GiB");
        assertThat(api.get("/storage-pools/" + pool).json().get("allocatedBytes").asLong()).isEqualTo(4 * GIB);
        assertThat(api.get("/volumes?name=v7").json().get("total").asInt()).isZero();

        // the storage goes away: degraded within one probe period, with a reason, on every host
        Files.createFile(marker);
        try {
            JsonNode degraded = api.awaitGet("/storage-pools/" + pool, r -> "DEGRADED".equals(r.text("state")),
                    ONE_PERIOD).json();
            assertThat(degraded.get("stateReason").asText()).contains("cannot be reached", "does not answer");
            assertThat(hostStates(degraded)).allMatch(s -> s.endsWith("=UNREACHABLE")).hasSize(3);
            for (String host : hosts) {
                assertThat(api.get("/hosts/" + host).text("storageReason")).startsWith(
                        "storage pool nfs1 is unreachable: ").contains("does not answer");
            }
            assertThat(api.newestEvent("pool/degraded", pool).get("message").asText()).startsWith(
                    "pool nfs1 is degraded: ");
            problem(api.post("/volumes", Json.object("name", "while-down", "poolId", pool, "sizeGiB", 1, "vdcId",
                    vdc)), 409, "poolId", "usable from no host now");
        } finally {
            Files.deleteIfExists(marker);
        }
        // and heals when it is back
        JsonNode healed = api.awaitGet("/storage-pools/" + pool, r -> "UP".equals(r.text("state")), ONE_PERIOD)
                .json();
        assertThat(healed.get("stateReason").isNull()).isTrue();
        assertThat(hostStates(healed)).allMatch(s -> s.endsWith("=UP"));
        assertThat(api.get("/hosts/" + hosts.get(0)).json().get("storageReason").isNull()).isTrue();
        assertThat(api.newestEvent("pool/up", pool).get("message").asText()).isEqualTo("pool nfs1 is up again");

        // one host detached and attached again, through the shell as well
        succeeded(api.delete("/storage-pools/" + pool + "/hosts/" + third));
        assertThat(hostStates(api.get("/storage-pools/" + pool).json())).hasSize(2).noneMatch(s -> s.startsWith(
                third));
        assertThat(api.delete("/storage-pools/" + pool + "/hosts/" + third).status()).isEqualTo(404);
        assertThat(dist.client("ovm:pool-attach " + pool + " " + third)).contains("SUCCEEDED");
        assertThat(hostStates(api.get("/storage-pools/" + pool).json())).contains(third + "=UP");
        problem(api.post("/storage-pools/" + pool + "/hosts", Json.object("hostId", third)), 409, "hostId",
                "attached to host " + third + " already");
        assertThat(dist.client("ovm:pool-show " + pool)).contains("nfs1", "sp3", "UP");

        // clean up
        succeeded(api.delete("/volumes/" + volume));
        succeeded(api.delete("/storage-pools/" + pool));
    }
}
