package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Roles enforced by the engine on the shared distribution: admins, users confined to their VDC
 * (they see and touch nothing else), and VDC admins who manage the users of their own VDC only.
 */
class RolesIT extends SimulatorTestBase {

    private String hostId;

    RolesIT(Distribution dist) {
        super(dist);
    }

    @BeforeAll
    void addAHost() throws Exception {
        hostId = api.addSimulatorHost("roles1", 8, 16384);
    }

    @Test
    void rolesAreEnforcedByTheEngine() throws Exception {
        Reply created = api.post("/users", "{\"username\": \"op2\", \"password\": \"op2-password\", \"role\": \"admin\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("op2-password");
        Reply noVdc = api.post("/users", "{\"username\": \"u0\", \"password\": \"u0-password\", \"role\": \"user\"}");
        assertThat(noVdc.status()).isEqualTo(400);
        assertThat(noVdc.text("field")).isEqualTo("vdcId");

        String vdcA = api.post("/vdcs", "{\"name\": \"dept-a\"}").text("id");
        String vdcB = api.post("/vdcs", "{\"name\": \"dept-b\"}").text("id");
        assertThat(api.post("/users", "{\"username\": \"alice\", \"password\": \"alice-password\", "
                + "\"role\": \"user\", \"vdcId\": \"" + vdcA + "\"}").status()).isEqualTo(201);
        Reply other = api.post("/instances", "{\"name\": \"b-secret\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"vdcId\": \"" + vdcB + "\"}");
        assertThat(api.awaitTask(other.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String otherId = other.text("resourceId");

        Api alice = new Api(dist.baseUrl(), "alice", "alice-password");
        assertThat(alice.get("/hosts").status()).isEqualTo(403);
        assertThat(alice.post("/zones", "{\"name\": \"mine\"}").status()).isEqualTo(403);
        assertThat(alice.post("/plugins/ovm-plugin-simulator/uninstall", null).status()).isEqualTo(403);
        assertThat(alice.get("/users").status()).isEqualTo(403);
        assertThat(alice.get("/instances/" + otherId).status()).isEqualTo(404);
        assertThat(alice.post("/instances/" + otherId + "/stop", null).status()).isEqualTo(404);
        assertThat(alice.delete("/instances/" + otherId).status()).isEqualTo(404);
        assertThat(alice.post("/instances", "{\"name\": \"sneaky\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"vdcId\": \"" + vdcB + "\"}").status()).isEqualTo(403);

        Reply own = alice.post("/instances", "{\"name\": \"a-web\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\"}");
        assertThat(own.status()).isEqualTo(202);
        assertThat(alice.awaitTask(own.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        Reply mine = alice.get("/instances");
        assertThat(mine.json().get("total").asInt()).isEqualTo(1);
        assertThat(mine.json().get("items").get(0).get("vdcId").asText()).isEqualTo(vdcA);
        assertThat(alice.get("/vdcs").json().get("total").asInt()).isEqualTo(1);
        assertThat(alice.get("/tasks").body()).doesNotContain(other.text("id"));
        assertThat(api.get("/tasks/" + own.text("id")).status()).as("admins see every task").isEqualTo(200);
        assertThat(api.delete("/vdcs/" + vdcA).status()).as("VDC still in use").isEqualTo(409);

        // a VDC admin manages the users of their own VDC, and nothing beyond it
        assertThat(api.post("/users", "{\"username\": \"boss\", \"password\": \"boss-password\", "
                + "\"role\": \"vdc-admin\", \"vdcId\": \"" + vdcA + "\"}").status()).isEqualTo(201);
        Reply outsider = api.post("/users", "{\"username\": \"carol\", \"password\": \"carol-password\", "
                + "\"role\": \"user\", \"vdcId\": \"" + vdcB + "\"}");
        Api boss = new Api(dist.baseUrl(), "boss", "boss-password");
        Reply bob = boss.post("/users", "{\"username\": \"bob\", \"password\": \"bob-password\"}");
        assertThat(bob.status()).isEqualTo(201);
        assertThat(bob.text("vdcId")).as("created in the VDC admin's own VDC").isEqualTo(vdcA);
        assertThat(bob.text("role")).isEqualTo("user");
        assertThat(boss.post("/users", "{\"username\": \"x1\", \"password\": \"x1-password\", "
                + "\"vdcId\": \"" + vdcB + "\"}").status()).isEqualTo(403);
        assertThat(boss.post("/users", "{\"username\": \"x2\", \"password\": \"x2-password\", "
                + "\"role\": \"admin\"}").status()).isEqualTo(403);
        JsonNode visible = boss.get("/users").json();
        List<String> names = new ArrayList<>();
        visible.get("items").forEach(u -> names.add(u.get("username").asText()));
        assertThat(names).containsExactlyInAnyOrder("alice", "boss", "bob");
        assertThat(boss.delete("/users/" + outsider.text("id")).status()).isEqualTo(404);
        assertThat(alice.delete("/users/" + bob.text("id")).status()).isEqualTo(403);
        assertThat(boss.delete("/users/" + bob.text("id")).status()).isEqualTo(204);
        assertThat(new Api(dist.baseUrl(), "bob", "bob-password").get("/instances").status()).isEqualTo(401);
    }
}
