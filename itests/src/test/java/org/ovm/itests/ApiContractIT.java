package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.SharedDistribution;

/**
 * The REST conventions of the shared distribution: what needs authentication, bearer tokens,
 * problem documents (RFC 7807) that name the field at fault, the OpenAPI document and Swagger UI,
 * and idempotency keys. Needs no plugin.
 */
@ExtendWith(SharedDistribution.class)
class ApiContractIT {

    private final Distribution dist;
    private final Api api;

    ApiContractIT(Distribution dist) {
        this.dist = dist;
        this.api = dist.api();
    }

    @Test
    void healthNeedsNoAuthentication() throws Exception {
        Reply health = new Api(dist.baseUrl(), null, null).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(health.text("version")).isNotBlank();
        assertThat(health.json().get("plugins").isArray()).isTrue();
    }

    @Test
    void everythingElseNeedsAuthentication() throws Exception {
        Api anonymous = new Api(dist.baseUrl(), null, null);
        Reply hosts = anonymous.get("/hosts");
        assertThat(hosts.status()).isEqualTo(401);
        assertThat(hosts.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.get("/openapi.json").status()).isEqualTo(401);
        assertThat(new Api(dist.baseUrl(), "admin", "wrong-password").get("/hosts").status()).isEqualTo(401);
        assertThat(api.withToken("not-a-token").get("/hosts").status()).isEqualTo(401);
    }

    @Test
    void bearerTokensWork() throws Exception {
        Reply token = api.post("/auth/tokens", null);
        assertThat(token.status()).isEqualTo(201);
        Reply hosts = api.withToken(token.text("token")).get("/hosts");
        assertThat(hosts.status()).isEqualTo(200);
        assertThat(hosts.json().get("total").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(hosts.json().get("items").isArray()).isTrue();
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        Reply malformed = api.post("/hosts", "{\"name\": \"h\",");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.text("detail")).contains("malformed JSON");

        Reply unknownField = api.post("/zones", "{\"name\": \"z\", \"colour\": \"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.text("field")).isEqualTo("colour");

        Reply badName = api.post("/zones", "{\"name\": \"no spaces allowed\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.text("field")).isEqualTo("name");

        Reply badType = api.post("/instances", "{\"name\": \"x\", \"cpus\": \"many\"}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.text("field")).isEqualTo("cpus");

        Reply badFilter = api.get("/instances?colour=red");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.text("field")).isEqualTo("colour");
    }

    @Test
    void unknownIdsAreNotFoundProblems() throws Exception {
        for (String path : List.of("/hosts/nope", "/instances/nope", "/tasks/nope", "/zones/nope", "/clusters/nope",
                "/plugins/nope", "/no-such-resource")) {
            Reply reply = api.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(api.post("/instances/nope/start", null).status()).isEqualTo(404);
    }

    @Test
    void openApiDocumentCoversEveryResource() throws Exception {
        Reply doc = api.get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.text("openapi")).startsWith("3.");
        assertThat(doc.json().get("info").get("title").asText()).isNotBlank();
        List<String> paths = new ArrayList<>();
        doc.json().get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/health", "/auth/tokens", "/plugins", "/plugins/{id}/install",
                "/plugins/{id}/uninstall", "/plugins/{id}/upgrade", "/zones", "/zones/{id}", "/clusters",
                "/clusters/{id}", "/hosts", "/hosts/{id}", "/instances", "/instances/{id}", "/instances/{id}/start",
                "/instances/{id}/stop", "/instances/{id}/reboot", "/tasks", "/tasks/{id}", "/events", "/users", "/vdcs",
                "/networks", "/networks/{id}/addresses", "/placement-policies", "/placement-policies/{id}/default",
                "/placement-policies/plugins", "/affinity-groups", "/placements/explain", "/security-groups",
                "/security-groups/{id}", "/security-groups/{id}/rules", "/security-groups/{id}/rules/{ruleId}",
                "/instances/{id}/nics/{index}/security-groups", "/storage-pools", "/storage-pools/{id}",
                "/storage-pools/{id}/hosts", "/storage-pools/{id}/hosts/{hostId}", "/volumes/{id}/copy",
                "/volumes/{id}/migrate", "/instances/{id}/migrate", "/volumes/{id}/backups", "/instances/{id}/backups",
                "/instances/{id}/backup-schedule", "/instances/{id}/backup-schedule/run", "/backups", "/backups/{id}",
                "/backups/{id}/restore", "/hosts/{id}/confirm-down", "/hosts/{id}/power-management",
                "/hosts/{id}/power-management/test", "/instances/{id}/migration/cancel", "/clusters/{id}/balance");
        doc.json().get("paths").forEach(item -> item.forEach(operation ->
                assertThat(operation.has("responses")).as("every operation documents its responses").isTrue()));
        Reply ui = api.get("/docs");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(api.get("/docs/swagger-ui-bundle.js").status()).isEqualTo(200);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        Reply first = api.post("/zones", "{\"name\": \"zone-a\"}", key);
        Reply second = api.post("/zones", "{\"name\": \"zone-a\"}", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.text("id")).isEqualTo(first.text("id"));
        assertThat(api.post("/zones", "{\"name\": \"zone-a\"}").status()).as("without the key: duplicate")
                .isEqualTo(409);
        assertThat(api.get("/zones?name=zone-a").json().get("total").asInt()).isEqualTo(1);
        Reply reused = api.post("/zones", "{\"name\": \"zone-b\"}", key);
        assertThat(reused.status()).as("the key was used for another body").isEqualTo(409);
        assertThat(reused.text("field")).isEqualTo("Idempotency-Key");
    }
}
