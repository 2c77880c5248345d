package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Claims under concurrency on the shared distribution: 100 creates at once never exceed a VDC's
 * quota (which stays editable) nor overcommit a host, and 30 creates racing for the 14 addresses
 * of a small network never get one address twice.
 */
class QuotaAndCapacityIT extends SimulatorTestBase {

    private String hostId;

    QuotaAndCapacityIT(Distribution dist) {
        super(dist);
    }

    @BeforeAll
    void addAHost() throws Exception {
        hostId = api.addSimulatorHost("quota1", 8, 16384);
    }

    @Test
    void concurrentCreatesNeverExceedAVdcQuota() throws Exception {
        Reply vdc = api.post("/vdcs", "{\"name\": \"quota10\", \"quota\": {\"instances\": 10, \"cpus\": 40}}");
        assertThat(vdc.status()).isEqualTo(201);
        String vdcId = vdc.text("id");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "{\"name\": \"q" + i + "\", \"cpus\": 1, \"memoryMiB\": 64, \"hostId\": \"" + hostId
                    + "\", \"vdcId\": \"" + vdcId + "\"}";
            bodies.add(body);
        }
        List<Reply> replies = api.postConcurrently("/instances", bodies);
        List<Reply> accepted = replies.stream().filter(r -> r.status() == 202).toList();
        List<Reply> refused = replies.stream().filter(r -> r.status() == 409).toList();
        assertThat(accepted).hasSize(10);
        assertThat(refused).hasSize(90).allSatisfy(r -> {
            assertThat(r.text("code")).isEqualTo("QUOTA_EXCEEDED");
            assertThat(r.text("field")).isEqualTo("instances");
        });
        for (Reply reply : accepted) {
            assertThat(api.awaitTask(reply.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        }
        JsonNode usage = api.get("/vdcs/" + vdcId).json().get("usage");
        assertThat(usage.get("instances").asInt()).isEqualTo(10);
        assertThat(usage.get("cpus").asInt()).isEqualTo(10);
        assertThat(api.get("/instances?vdcId=" + vdcId).json().get("total").asInt()).isEqualTo(10);

        // the quota is editable: raised, one more fits; lowered below usage, nothing is touched
        // and new claims are refused
        Reply raised = api.put("/vdcs/" + vdcId + "/quota", "{\"instances\": 11, \"cpus\": 40}");
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.json().get("quota").get("instances").asInt()).isEqualTo(11);
        String extra = "{\"name\": \"q-extra\", \"cpus\": 1, \"memoryMiB\": 64, \"hostId\": \"" + hostId
                + "\", \"vdcId\": \"" + vdcId + "\"}";
        Reply eleventh = api.post("/instances", extra);
        assertThat(eleventh.status()).isEqualTo(202);
        accepted = new ArrayList<>(accepted);
        accepted.add(eleventh);
        assertThat(api.awaitTask(eleventh.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        Reply lowered = api.put("/vdcs/" + vdcId + "/quota", "{\"instances\": 5}");
        assertThat(lowered.status()).isEqualTo(200);
        assertThat(lowered.json().get("quota").get("instances").asInt()).isEqualTo(5);
        assertThat(lowered.json().get("quota").get("cpus").isNull()).as("omitted limit is unlimited").isTrue();
        assertThat(lowered.json().get("usage").get("instances").asInt()).isEqualTo(11);
        Reply over = api.post("/instances", extra.replace("q-extra", "q-over"));
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.text("field")).isEqualTo("instances");
        Reply negative = api.put("/vdcs/" + vdcId + "/quota", "{\"instances\": -1}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.text("field")).isEqualTo("quota.instances");
        assertThat(api.put("/vdcs/no-such-vdc/quota", "{}").status()).isEqualTo(404);
        assertThat(dist.client("ovm:vdc-quota --max-instances 12 " + vdcId)).contains("instances 11 / 12");
        assertThat(dist.client("ovm:vdc-list")).contains("quota10", "11 / 12");
        for (Reply reply : accepted) {
            assertThat(api.awaitTask(api.delete("/instances/" + reply.text("resourceId")).text("id"), TASK_TIMEOUT)
                    .get("state").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(api.get("/vdcs/" + vdcId).json().get("usage").get("instances").asInt()).isZero();
    }

    @Test
    void concurrentCreatesNeverOvercommitAHost() throws Exception {
        Reply add = api.post("/hosts", "{\"name\": \"cap30\", \"type\": \"simulator\", "
                + "\"uri\": \"sim://cap30?cpus=64&memoryMiB=3840\"}");
        assertThat(api.awaitTask(add.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String host = add.text("resourceId");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "{\"name\": \"c" + i + "\", \"cpus\": 1, \"memoryMiB\": 128, \"hostId\": \"" + host
                    + "\"}";
            bodies.add(body);
        }
        List<Reply> replies = api.postConcurrently("/instances", bodies);
        List<Reply> accepted = replies.stream().filter(r -> r.status() == 202).toList();
        assertThat(accepted).hasSize(30);
        assertThat(replies.stream().filter(r -> r.status() == 409)).hasSize(70)
                .allSatisfy(r -> assertThat(r.text("code")).isEqualTo("INSUFFICIENT_CAPACITY"));
        for (Reply reply : accepted) {
            assertThat(api.awaitTask(reply.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(api.get("/hosts/" + host).json().get("allocatedMemoryMiB").asLong()).isEqualTo(3840);
        for (Reply reply : accepted) {
            assertThat(api.awaitTask(api.delete("/instances/" + reply.text("resourceId")).text("id"), TASK_TIMEOUT)
                    .get("state").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(api.get("/hosts/" + host).json().get("allocatedMemoryMiB").asLong()).isZero();
    }

    @Test
    void concurrentCreatesNeverHandOutAnAddressTwice() throws Exception {
        // a /28 without gateway holds 14 addresses; 30 creates race for them
        String network = api.post("/networks", "{\"name\": \"race\", \"type\": \"simulator\", \"cidr\": "
                + "\"10.40.0.0/28\"}").text("id");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String body = "{\"name\": \"race" + i + "\", \"cpus\": 1, \"memoryMiB\": 32, \"hostId\": \""
                    + hostId + "\", \"nics\": [{\"networkId\": \"" + network + "\"}]}";
            bodies.add(body);
        }
        List<Reply> replies = api.postConcurrently("/instances", bodies);
        List<Reply> accepted = replies.stream().filter(r -> r.status() == 202).toList();
        assertThat(accepted).hasSize(14);
        assertThat(replies.stream().filter(r -> r.status() == 409)).hasSize(16)
                .allSatisfy(r -> assertThat(r.text("detail")).contains("network race has no free address"));
        java.util.Set<String> addresses = new java.util.HashSet<>();
        for (Reply reply : accepted) {
            assertThat(api.awaitTask(reply.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            addresses.add(api.get("/instances/" + reply.text("resourceId")).json().get("nics").get(0).get("ip")
                    .asText());
        }
        assertThat(addresses).hasSize(14).allMatch(a -> a.startsWith("10.40.0."));
        assertThat(api.get("/networks/" + network).json().get("addressesUsed").asInt()).isEqualTo(14);
        assertThat(dist.client("ovm:sim-status --network " + network)).contains("reservations: 14");
        for (Reply reply : accepted) {
            Reply delete = api.delete("/instances/" + reply.text("resourceId"));
            assertThat(api.awaitTask(delete.text("id"), TASK_TIMEOUT).get("state").asText())
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(api.get("/networks/" + network).json().get("addressesUsed").asInt()).isZero();
    }
}
