package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The audit log (issue 13 point 8), on a distribution of its own: admin changes made through the
 * REST API each leave an event with actor, source (127.0.0.1) and outcome; a 403 is recorded as
 * REFUSED; the log cannot be changed through the API; the export carries every event in both
 * formats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Distribution dist;
    private Api api;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("audit", 45000);
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

    private JsonNode event(String topic, String resourceId) throws Exception {
        return api.newestEvent(topic, resourceId);
    }

    private JsonNode audited(String topic, String resourceId, String user, String outcome) throws Exception {
        return api.audited(topic, resourceId, user, outcome);
    }

    @Test
    void adminChangesAreAuditedWithActorSourceAndOutcome() throws Exception {
        String zone = api.post("/zones", "{\"name\": \"audit-zone\"}").text("id");
        String cluster = api.post("/clusters", "{\"name\": \"audit-cluster\", \"zoneId\": \"" + zone + "\"}").text("id");
        assertThat(api.patch("/clusters/" + cluster, "{\"cpuOvercommit\": 2.0}").status()).isEqualTo(200);
        String vdc = api.post("/vdcs", "{\"name\": \"audit-vdc\"}").text("id");
        assertThat(api.put("/vdcs/" + vdc + "/quota", "{\"instances\": 3}").status()).isEqualTo(200);
        Reply user = api.post("/users", "{\"username\": \"auditee\", \"password\": \"auditee-pw-1\", \"role\": \"user\", "
                + "\"vdcId\": \"" + vdc + "\"}");
        assertThat(user.status()).isEqualTo(201);
        String group = api.post("/affinity-groups", "{\"name\": \"audit-web\", \"kind\": \"anti-affinity\", \"vdcId\": \""
                + vdc + "\"}").text("id");
        assertThat(api.delete("/affinity-groups/" + group).status()).isEqualTo(204);
        assertThat(api.delete("/users/" + user.text("id")).status()).isEqualTo(204);
        assertThat(api.delete("/vdcs/" + vdc).status()).isEqualTo(204);
        assertThat(api.delete("/clusters/" + cluster).status()).isEqualTo(204);
        assertThat(api.delete("/zones/" + zone).status()).isEqualTo(204);

        String admin = "admin";
        audited("zone/created", zone, admin, "SUCCEEDED");
        audited("cluster/created", cluster, admin, "SUCCEEDED");
        assertThat(audited("cluster/updated", cluster, admin, "SUCCEEDED").get("message").asText())
                .contains("cpuOvercommit=2.0");
        audited("vdc/created", vdc, admin, "SUCCEEDED");
        assertThat(audited("quota/changed", vdc, admin, "SUCCEEDED").get("message").asText()).contains("instances=3");
        audited("user/created", user.text("id"), admin, "SUCCEEDED");
        audited("affinity-group/created", group, admin, "SUCCEEDED");
        audited("affinity-group/deleted", group, admin, "SUCCEEDED");
        audited("user/deleted", user.text("id"), admin, "SUCCEEDED");
        audited("vdc/deleted", vdc, admin, "SUCCEEDED");
        audited("cluster/deleted", cluster, admin, "SUCCEEDED");
        audited("zone/deleted", zone, admin, "SUCCEEDED");
        audited("auth/login", null, admin, "SUCCEEDED");
    }

    @Test
    void refusalsAndFailedLoginsAreAudited() throws Exception {
        String vdc = api.post("/vdcs", "{\"name\": \"refused-vdc\"}").text("id");
        assertThat(api.post("/users", "{\"username\": \"mallory\", \"password\": \"mallory-pw-1\", \"role\": \"user\", "
                + "\"vdcId\": \"" + vdc + "\"}").status()).isEqualTo(201);
        Api mallory = new Api(dist.baseUrl(), "mallory", "mallory-pw-1");

        assertThat(mallory.post("/zones", "{\"name\": \"mine\"}").status()).isEqualTo(403);
        assertThat(new Api(dist.baseUrl(), "mallory", "not-her-password").get("/vdcs").status()).isEqualTo(401);
        assertThat(mallory.get("/events/export").status()).as("users do not export").isEqualTo(403);

        // the newest refusal is the export's; the zone create's is the one before it
        JsonNode refused = audited("auth/refused", null, "mallory", "REFUSED");
        assertThat(refused.get("message").asText()).startsWith("GET /api/v1/events/export refused for mallory (user)");
        assertThat(refused.get("vdcId").asText()).isEqualTo(vdc);
        JsonNode refusals = api.get("/events?topic=auth/refused&user=mallory&limit=10").json().get("items");
        assertThat(refusals).extracting(r -> r.get("message").asText())
                .anyMatch(m -> m.startsWith("POST /api/v1/zones refused for mallory (user)"));
        audited("auth/login-failed", null, "mallory", "FAILED");
        assertThat(mallory.get("/events?topic=auth/refused").json().get("total").asInt())
                .as("a user sees the refusals of their own VDC").isGreaterThanOrEqualTo(1);
    }

    @Test
    void theLogIsAppendOnlyThroughTheApi() throws Exception {
        String any = api.get("/events?limit=1").json().get("items").get(0).get("id").asText();
        assertThat(api.delete("/events").status()).isEqualTo(405);
        assertThat(api.put("/events", "{}").status()).isEqualTo(405);
        assertThat(api.delete("/events/export").status()).isEqualTo(405);
        assertThat(api.delete("/events/" + any).status()).isIn(404, 405);
        assertThat(api.put("/events/" + any, "{}").status()).isIn(404, 405);
        assertThat(api.get("/events?limit=500").body()).contains(any);
    }

    @Test
    void theExportCarriesTheEventsInBothFormats() throws Exception {
        String zone = api.post("/zones", "{\"name\": \"export-zone\"}").text("id");
        api.delete("/zones/" + zone);

        Reply jsonl = api.get("/events/export?format=jsonl");
        assertThat(jsonl.status()).isEqualTo(200);
        assertThat(jsonl.contentType()).startsWith("application/x-ndjson");
        assertThat(jsonl.header("Content-Disposition")).matches("attachment; filename=\"ovm-events-\\d{8}T\\d{6}Z\\.jsonl\"");
        List<JsonNode> events = new ArrayList<>();
        for (String line : jsonl.body().split("\n")) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("topic").asText()).isEqualTo("zone/deleted");
            assertThat(e.get("resourceId").asText()).isEqualTo(zone);
            assertThat(e.get("source").asText()).isEqualTo("127.0.0.1");
            assertThat(e.get("outcome").asText()).isEqualTo("SUCCEEDED");
        });
        for (int i = 1; i < events.size(); i++) {
            // as instants: an ISO time at a whole second has no fraction ("...45Z" sorts after "...45.104Z" as text)
            assertThat(java.time.Instant.parse(events.get(i).get("time").asText())).as("oldest first")
                    .isAfterOrEqualTo(java.time.Instant.parse(events.get(i - 1).get("time").asText()));
        }

        Reply csv = api.get("/events/export?format=csv&topic=zone/");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).endsWith(".csv\"");
        assertThat(csv.body()).startsWith("id,time,topic,resourceId,user,source,outcome,vdcId,message\r\n");
        assertThat(csv.body()).contains(",zone/created," + zone + ",admin,127.0.0.1,SUCCEEDED,,zone export-zone created")
                .contains(",zone/deleted," + zone + ",admin,127.0.0.1,SUCCEEDED,,");
        assertThat(csv.body()).doesNotContain("vdc/created");

        Reply bounded = api.get("/events/export?format=csv&since=2000-01-01&until=2000-01-02");
        assertThat(bounded.body()).isEqualTo("id,time,topic,resourceId,user,source,outcome,vdcId,message\r\n");
        assertThat(api.get("/events/export?format=xml").status()).isEqualTo(400);
        assertThat(api.get("/events/export?since=yesterday").status()).isEqualTo(400);
    }
}
