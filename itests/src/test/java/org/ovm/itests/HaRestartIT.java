package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Issue 17, first slice, on the simulator: a shared pool on two hosts, an HA instance, a non-HA one
 * and an HA one with a local disk on host 1. Host 1 loses power (the simulator's {@code down} marker
 * in its URI): SUSPECT, DOWN, then NON_RESPONSIVE (events in that order) and nothing restarts until
 * an admin confirms the host is off (403 for a user, 409 while it is UP); then the HA instance runs
 * on host 2 with its row moved, the others are untouched. When host 1 comes back, its old definition
 * is removed, not discovered. On a distribution of its own with a 1 s probe period (port base 52600).
 */
class HaRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "Ha-user-pass-1";

    @Test
    void anHaInstanceRestartsOnAnotherHostOnlyOnceTheAdminConfirmsItsHostIsOff() throws Exception {
        try (Distribution dist = Distribution.unpack("ha-restart", 52600)) {
            dist.start("-Dovm.monitor.period=1 -Dovm.sync.period=1");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-simulator");
            Path marker = dist.home().resolve("ha1.down");
            String zone = Api.created(api.post("/zones", "{\"name\": \"ha\"}"));
            String cluster = Api.created(api.post("/clusters", Json.object("name", "ha", "zoneId", zone,
                    "hypervisorType", "simulator")));
            String host1 = api.addHost(Json.object("name", "ha1", "type", "simulator", "uri",
                    "sim://ha1?cpus=8&memoryMiB=8192&down=" + marker, "clusterId", cluster));
            String host2 = api.addHost(Json.object("name", "ha2", "type", "simulator", "uri",
                    "sim://ha2?cpus=8&memoryMiB=8192", "clusterId", cluster));
            String shared = api.finished(api.post("/storage-pools", Json.object("name", "ha-shared", "type",
                    "simulator", "uri", "sim://shared/ha-shared?totalGiB=20", "clusterId", cluster)), TIMEOUT);
            String local = api.finished(api.post("/storage-pools", Json.object("name", "ha1-local", "type",
                    "simulator", "uri", "sim://ha1-local", "hostId", host1)), TIMEOUT);
            String network = Api.created(api.post("/networks", Json.object("name", "ha-net", "type", "simulator",
                    "cidr", "10.78.0.0/24")));
            String vdc = Api.created(api.post("/vdcs", Json.object("name", "ha-vdc")));
            Api.created(api.post("/users", Json.object("username", "ha-user", "password", PASSWORD, "role", "user",
                    "vdcId", vdc)));
            Api user = new Api(dist.baseUrl(), "ha-user", PASSWORD);

            String web = create(api, Json.object("name", "ha-web", "cpus", 2, "memoryMiB", 256, "hostId", host1,
                    "vdcId", vdc, "storagePoolId", shared, "diskGiB", 1, "start", true, "ha", true, "haPriority", 5,
                    "nics", List.of(Map.of("networkId", network))));
            String plain = create(api, Json.object("name", "plain", "cpus", 1, "memoryMiB", 128, "hostId", host1,
                    "vdcId", vdc, "storagePoolId", shared, "diskGiB", 1, "start", true));
            String pinned = create(api, Json.object("name", "ha-local", "cpus", 1, "memoryMiB", 128, "hostId", host1,
                    "vdcId", vdc, "storagePoolId", local, "diskGiB", 1, "start", true, "ha", true));

            // the flag, the priority and why an HA instance would not restart
            JsonNode webView = api.get("/instances/" + web).json();
            assertThat(webView.get("ha").asBoolean()).isTrue();
            assertThat(webView.get("haPriority").asInt()).isEqualTo(5);
            assertThat(webView.get("haBlocker").isNull()).as(webView.toString()).isTrue();
            assertThat(api.get("/instances/" + pinned).text("haBlocker")).isEqualTo("disk ha-local-disk0.qcow2 is on pool "
                    + "ha1-local, local to host ha1; move it to a shared pool");
            Reply patched = user.patch("/instances/" + plain, "{\"haPriority\": 3}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().get("ha").asBoolean()).isFalse();
            assertThat(patched.json().get("haPriority").asInt()).isEqualTo(3);
            Reply tooHigh = api.patch("/instances/" + plain, "{\"haPriority\": 5000}");
            assertThat(tooHigh.status()).isEqualTo(400);
            assertThat(tooHigh.text("field")).isEqualTo("haPriority");

            // refused while the host is UP, and to a user at any time
            Reply early = api.post("/hosts/" + host1 + "/confirm-down", null);
            assertThat(early.status()).as(early.body()).isEqualTo(409);
            assertThat(early.text("detail")).isEqualTo("host ha1 is UP; only a DOWN or NON_RESPONSIVE host can be "
                    + "confirmed powered off");
            assertThat(user.post("/hosts/" + host1 + "/confirm-down", null).status()).isEqualTo(403);

            // power loss: SUSPECT, DOWN, NON_RESPONSIVE; nothing restarts by itself
            Files.writeString(marker, "off");
            JsonNode lost = api.awaitGet("/hosts/" + host1, r -> "NON_RESPONSIVE".equals(r.text("state")), TIMEOUT)
                    .json();
            assertThat(lost.get("stateReason").asText()).isEqualTo("HA instances ha-web wait: confirm that host ha1 "
                    + "is powered off (POST /hosts/" + host1 + "/confirm-down) or bring it back");
            assertThat(hostStages(api, host1)).containsExactly("host/suspect", "host/down", "host/non-responsive");
            Thread.sleep(3000);
            assertThat(api.get("/instances/" + web).text("hostId")).as("never restarted without the admin")
                    .isEqualTo(host1);
            assertThat(api.get("/instances?hostId=" + host2).json().get("total").asInt()).isZero();
            assertThat(user.post("/hosts/" + host1 + "/confirm-down", null).status()).isEqualTo(403);

            // the admin's word: the HA instance restarts on host 2, the others stay
            Reply confirmed = api.post("/hosts/" + host1 + "/confirm-down", null);
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(202);
            JsonNode task = api.awaitTask(confirmed.text("id"), TIMEOUT);
            assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
            assertThat(task.get("operation").asText()).isEqualTo("host.ha-restart");
            api.audited("host/confirmed-down", host1, "admin", "SUCCEEDED");
            JsonNode moved = api.get("/instances/" + web).json();
            assertThat(moved.get("hostId").asText()).isEqualTo(host2);
            assertThat(moved.get("state").asText()).isEqualTo("RUNNING");
            assertThat(moved.get("nics").get(0).get("ip").asText()).as("same address").isEqualTo(webView.get("nics")
                    .get(0).get("ip").asText());
            assertThat(api.newestEvent("instance/ha-restarted", web).get("message").asText())
                    .isEqualTo("HA instance ha-web restarted on host ha2 (host ha1 is known powered off: admin)");
            assertThat(api.get("/instances/" + plain).text("hostId")).isEqualTo(host1);
            assertThat(api.get("/instances/" + plain).text("state")).as("its host is known off").isEqualTo("STOPPED");
            assertThat(api.get("/instances/" + pinned).text("hostId")).isEqualTo(host1);
            assertThat(api.get("/instances/" + pinned).text("state")).isEqualTo("STOPPED");
            assertThat(api.newestEvent("instance/changed", pinned).get("message").asText())
                    .contains("is known powered off (admin); it does not restart elsewhere: disk");
            // nothing waits any more: the host is plain DOWN
            api.awaitGet("/hosts/" + host1, r -> "DOWN".equals(r.text("state")), TIMEOUT);
            JsonNode host2View = api.get("/hosts/" + host2).json();
            assertThat(host2View.get("allocatedCpus").asInt()).isEqualTo(2);

            // host 1 returns: UP after two good probes; its old definition of ha-web is removed, not discovered
            Files.delete(marker);
            api.awaitGet("/hosts/" + host1, r -> "UP".equals(r.text("state")), TIMEOUT);
            api.awaitGet("/events?topic=instance/ha-leftover-removed&resourceId=" + web,
                    r -> r.json().get("total").asInt() > 0, TIMEOUT);
            Thread.sleep(3000);
            assertThat(api.get("/instances?q=ha-web").json().get("total").asInt()).isEqualTo(1);
            assertThat(api.get("/instances/" + web).text("hostId")).isEqualTo(host2);
            assertThat(api.get("/instances/" + plain).text("state")).as("powered off with its host")
                    .isEqualTo("STOPPED");
            Reply late = api.post("/hosts/" + host1 + "/confirm-down", null);
            assertThat(late.status()).isEqualTo(409);
        }
    }

    private static String create(Api api, String body) throws Exception {
        Reply reply = api.post("/instances", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(reply.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        return reply.text("resourceId");
    }

    /** The host's monitor events (suspect, down, non-responsive), oldest first. */
    private static List<String> hostStages(Api api, String hostId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : api.get("/events?limit=200&resourceId=" + hostId).json().get("items")) {
            String topic = e.get("topic").asText();
            if (topic.equals("host/suspect") || topic.equals("host/down") || topic.equals("host/non-responsive")) {
                found.add(e);
            }
        }
        found.sort((a, b) -> {
            int byTime = Instant.parse(a.get("time").asText()).compareTo(Instant.parse(b.get("time").asText()));
            // DOWN and NON_RESPONSIVE are recorded by one probe, possibly in the same millisecond
            return byTime != 0 ? byTime : Integer.compare(rank(a), rank(b));
        });
        return found.stream().map(e -> e.get("topic").asText()).toList();
    }

    private static int rank(JsonNode event) {
        return List.of("host/suspect", "host/down", "host/non-responsive").indexOf(event.get("topic").asText());
    }
}
