package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14, placement choices everywhere: hosts are edited (moved between clusters of their type,
 * renamed, settings merged, credentials changed and reconnected), a create that names no host,
 * cluster or zone lands in the default zone, zones and users are edited, and each change is
 * audited. On a distribution of its own: "no zone yet" needs an empty inventory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostEditIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SECRET = "host-edit-s3cret-pw";

    private Distribution dist;
    private Api api;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("host-edit", 46000);
        dist.start();
        api = dist.api();
        api.installPlugins("ovm-plugin-simulator");
    }

    @AfterAll
    void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    /** The newest event of {@code topic} about {@code resourceId}, by admin from 127.0.0.1, SUCCEEDED. */
    private JsonNode audited(String topic, String resourceId) throws Exception {
        return api.audited(topic, resourceId, "admin", "SUCCEEDED");
    }

    private static void problem(Reply reply, int status, String field, String text) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(reply.text("field")).isEqualTo(field);
        }
        assertThat(reply.text("detail")).contains(text);
    }

    @Test
    @Order(1)
    void withNoZoneACreateNamingNothingSaysWhatToDo() throws Exception {
        problem(api.post("/instances", "{\"name\": \"nowhere\", \"cpus\": 1, \"memoryMiB\": 256}"), 400, "zoneId",
                "no zone exists yet: an administrator creates a zone and a cluster and adds hosts to it, or name a "
                        + "host");
        problem(api.post("/placements/explain", "{\"cpus\": 1, \"memoryMiB\": 256}"), 400, "zoneId",
                "no zone exists yet");
    }

    @Test
    @Order(2)
    void hostsMoveBetweenClustersOfTheirTypeAndCreatesNamingNothingLandInTheDefaultZone() throws Exception {
        String east = Api.created(api.post("/zones", "{\"name\": \"east\"}"));
        String west = Api.created(api.post("/zones", "{\"name\": \"west\"}"));
        assertThat(api.get("/zones/" + east).json().get("defaultZone").asBoolean()).isTrue();
        assertThat(api.get("/zones/" + west).json().get("defaultZone").asBoolean()).isFalse();
        String simA = Api.created(api.post("/clusters", "{\"name\": \"sim-a\", \"zoneId\": \"" + east
                + "\", \"hypervisorType\": \"simulator\"}"));
        String simB = Api.created(api.post("/clusters", "{\"name\": \"sim-b\", \"zoneId\": \"" + west
                + "\", \"hypervisorType\": \"simulator\", \"cpuOvercommit\": 2.0}"));
        String esx = Api.created(api.post("/clusters", "{\"name\": \"web\", \"zoneId\": \"" + east
                + "\", \"hypervisorType\": \"esxi\"}"));
        String host = api.addSimulatorHost("sim1", 8, 16384);

        // a host in no cluster: nothing in the default zone can take a create yet
        problem(api.post("/instances", "{\"name\": \"early\", \"cpus\": 1, \"memoryMiB\": 256}"), 409, "zoneId",
                "no host of zone east");

        Reply moved = api.patch("/hosts/" + host, "{\"clusterId\": \"" + simA + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.text("clusterId")).isEqualTo(simA);
        assertThat(audited("host/updated", host).get("message").asText())
                .isEqualTo("host sim1 updated: cluster (none) -> sim-a");

        // nothing named: the default zone (east), where sim1 now is
        String vm = api.finished(api.post("/instances", "{\"name\": \"anywhere\", \"cpus\": 2, \"memoryMiB\": 1024}"),
                TIMEOUT);
        assertThat(api.get("/instances/" + vm).text("hostId")).isEqualTo(host);
        JsonNode explained = api.post("/placements/explain", "{\"cpus\": 1, \"memoryMiB\": 256}").json();
        assertThat(explained.get("zoneId").asText()).isEqualTo(east);
        assertThat(explained.get("hosts").get(0).get("hostId").asText()).isEqualTo(host);

        // another type: 409 naming both; an unknown cluster: 400
        problem(api.patch("/hosts/" + host, "{\"clusterId\": \"" + esx + "\"}"), 409, "clusterId",
                "cluster web is for esxi hosts; host sim1 is simulator");
        problem(api.patch("/hosts/" + host, "{\"clusterId\": \"no-such-cluster\"}"), 400, "clusterId",
                "cluster no-such-cluster does not exist");

        // the move keeps the instance and its claim, and takes the new cluster's ratios
        Reply again = api.patch("/hosts/" + host, "{\"clusterId\": \"" + simB + "\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("allocatedCpus").asInt()).isEqualTo(2);
        assertThat(again.json().get("allocatedMemoryMiB").asLong()).isEqualTo(1024);
        assertThat(again.json().get("cpuOvercommit").asDouble()).isEqualTo(2.0);
        assertThat(api.get("/instances/" + vm).text("hostId")).isEqualTo(host);

        // sim1 is in west now; east is the default and has no host left, until west becomes the default
        problem(api.post("/instances", "{\"name\": \"east-only\", \"cpus\": 1, \"memoryMiB\": 256}"), 409, "zoneId",
                "no host of zone east");
        Reply switched = api.patch("/zones/" + west, "{\"defaultZone\": true}");
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.json().get("defaultZone").asBoolean()).isTrue();
        assertThat(api.get("/zones/" + east).json().get("defaultZone").asBoolean()).isFalse();
        assertThat(audited("zone/updated", west).get("message").asText())
                .isEqualTo("zone west updated: made the default zone instead of east");
        problem(api.patch("/zones/" + west, "{\"defaultZone\": false}"), 409, "defaultZone",
                "make another zone the default instead");
        String second = api.finished(api.post("/instances", "{\"name\": \"west-vm\", \"cpus\": 1, \"memoryMiB\": 256}"),
                TIMEOUT);
        assertThat(api.get("/instances/" + second).text("hostId")).isEqualTo(host);
    }

    @Test
    @Order(3)
    void renameSettingsAndCredentialsOfAHost() throws Exception {
        String host = api.addSimulatorHost("sim2", 4, 8192);
        api.addSimulatorHost("sim3", 4, 8192);
        problem(api.patch("/hosts/" + host, "{\"name\": \"sim3\"}"), 409, "name", "already exists");
        Reply renamed = api.patch("/hosts/" + host, "{\"name\": \"sim2b\", \"settings\": {\"zone\": \"a\", "
                + "\"rack\": \"r1\"}}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("sim2b");
        Map<String, String> removal = new HashMap<>();
        removal.put("zone", null);
        removal.put("rack", "r2");
        Reply merged = api.patch("/hosts/" + host, Json.object("settings", removal));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("settings").toString()).isEqualTo("{\"rack\":\"r2\"}");
        assertThat(audited("host/updated", host).get("message").asText())
                .isEqualTo("host sim2b updated: setting rack=r2, setting zone removed");
        problem(api.patch("/hosts/" + host, "{\"settings\": {\"bad key\": \"x\"}}"), 400, "settings", "invalid");

        // credentials: stored encrypted, the host reconnects with them (202 and the connect task), never shown
        Reply creds = api.patch("/hosts/" + host, Json.object("uri", "sim://sim2?cpus=6&memoryMiB=8192", "username",
                "ovm", "password", SECRET));
        assertThat(creds.status()).as(creds.body()).isEqualTo(202);
        assertThat(creds.location()).contains("/tasks/" + creds.text("id"));
        assertThat(creds.text("operation")).isEqualTo("host.connect");
        assertThat(api.awaitTask(creds.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        Reply view = api.get("/hosts/" + host);
        assertThat(view.json().get("cpus").asInt()).isEqualTo(6);
        assertThat(view.text("username")).isEqualTo("ovm");
        assertThat(view.body()).doesNotContain(SECRET);
        String message = audited("host/updated", host).get("message").asText();
        assertThat(message).contains("password changed").contains("reconnecting").doesNotContain(SECRET);
        assertThat(api.get("/events?limit=500").body()).doesNotContain(SECRET);
        assertThat(Files.readString(dist.home().resolve("data/log/karaf.log"))).doesNotContain(SECRET);
    }

    @Test
    @Order(4)
    void usersRolesAndTheAdminsThatMustRemain() throws Exception {
        String vdc = Api.created(api.post("/vdcs", "{\"name\": \"team\"}"));
        String admin = api.get("/users?username=admin").json().get("items").get(0).get("id").asText();
        problem(api.delete("/users/" + admin), 409, null, "admin is the last administrator");
        problem(api.patch("/users/" + admin, "{\"role\": \"user\", \"vdcId\": \"" + vdc + "\"}"), 409, "role",
                "you cannot change your own role");

        String second = Api.created(api.post("/users", "{\"username\": \"second\", \"password\": \"second-pw-12\", "
                + "\"role\": \"admin\"}"));
        Api asSecond = new Api(dist.baseUrl(), "second", "second-pw-12");
        assertThat(asSecond.get("/hosts").status()).isEqualTo(200);
        problem(api.delete("/users/" + admin), 409, null, "you cannot delete your own account; another "
                + "administrator can");
        Reply demoted = api.patch("/users/" + second, "{\"role\": \"vdc-admin\", \"vdcId\": \"" + vdc + "\"}");
        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        assertThat(demoted.text("role")).isEqualTo("vdc-admin");
        assertThat(demoted.text("vdcId")).isEqualTo(vdc);
        assertThat(audited("user/updated", second).get("message").asText())
                .isEqualTo("user second updated by admin: role admin -> vdc-admin, VDC (none) -> team");
        problem(api.patch("/users/" + second, "{\"role\": \"user\", \"vdcId\": \"\"}"), 400, "vdcId",
                "must belong to a VDC");
        problem(api.patch("/users/" + second, "{\"role\": \"root\"}"), 400, "role", "unknown role");

        // the demoted user's new role applies at once, also to their Basic logins
        assertThat(asSecond.get("/hosts").status()).isEqualTo(403);

        // an admin resets another's password, audited
        assertThat(api.put("/users/" + second + "/password", "{\"password\": \"second-pw-34\"}").status())
                .isEqualTo(204);
        audited("auth/password-reset", second);
        assertThat(api.delete("/users/" + second).status()).isEqualTo(204);
        audited("user/deleted", second);
    }

    @Test
    @Order(5)
    void theShellEditsHostsZonesAndUsers() throws Exception {
        String host = api.addSimulatorHost("sim4", 2, 4096);
        String zone = Api.created(api.post("/zones", "{\"name\": \"north\"}"));
        String out = dist.client("ovm:host-set --name sim4b --setting rack=r9 " + host + "\n"
                + "ovm:zone-set --default --description shell-made " + zone + "\n");
        assertThat(out).contains("host sim4b").contains("rack=r9").contains("is the default zone");
        assertThat(api.get("/hosts/" + host).text("name")).isEqualTo("sim4b");
        assertThat(api.get("/zones/" + zone).json().get("defaultZone").asBoolean()).isTrue();
        JsonNode event = api.get("/events?limit=10&topic=zone/updated").json().get("items").get(0);
        assertThat(event.get("resourceId").asText()).isEqualTo(zone);
        assertThat(event.get("source").asText()).isEqualTo("shell");
    }
}
