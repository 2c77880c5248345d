package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * vApps on the shared distribution: 20 members placed, created in parallel and started; one
 * member failing rolls the whole vApp back with nothing left claimed; placed all or none.
 */
class VAppIT extends SimulatorTestBase {


    VAppIT(Distribution dist) {
        super(dist);
    }

    @Test
    void vAppRollsBackWholeWhenOneMemberFails() throws Exception {
        String zone = api.post("/zones", "{\"name\": \"vapps\"}").text("id");
        String cluster = api.post("/clusters", "{\"name\": \"vapp-sim\", \"zoneId\": \"" + zone
                + "\", \"hypervisorType\": \"simulator\", \"placementPolicy\": \"PROGRESSIVE\"}").text("id");
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            hosts.add(api.addHost("{\"name\": \"vapp-h" + h + "\", \"type\": \"simulator\", "
                    + "\"uri\": \"sim://vapp" + h + "?cpus=32&memoryMiB=8192\", \"clusterId\": \"" + cluster + "\"}"));
        }
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            members.append(i == 0 ? "" : ",").append("{\"name\": \"m").append(i).append("\", \"cpus\": 1, ")
                    .append("\"memoryMiB\": ").append(i < 2 ? 512 : 256).append("}");
        }
        // all members placed, created in parallel and started
        Reply ok = api.post("/vapps", "{\"name\": \"web\", \"clusterId\": \"" + cluster + "\", \"instances\": ["
                + members + "]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        assertThat(api.awaitTask(ok.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode vapp = api.get("/vapps/" + ok.text("resourceId")).json();
        assertThat(vapp.get("state").asText()).isEqualTo("RUNNING");
        assertThat(vapp.get("instanceIds")).hasSize(20);
        for (JsonNode id : vapp.get("instanceIds")) {
            assertThat(api.get("/instances/" + id.asText()).text("state")).isEqualTo("RUNNING");
        }
        assertThat(dist.client("ovm:vapp-list")).contains("web", "RUNNING", "20");
        Reply drop = api.delete("/vapps/" + ok.text("resourceId"));
        assertThat(api.awaitTask(drop.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/vapps/" + ok.text("resourceId")).status()).isEqualTo(404);

        // one member fails: the whole vApp is rolled back, nothing stays claimed
        assertThat(dist.client("ovm:sim-fault --fail 1 define")).contains("define: fail next 1");
        Reply bad = api.post("/vapps", "{\"name\": \"doomed\", \"clusterId\": \"" + cluster
                + "\", \"instances\": [" + members + "]}");
        JsonNode task = api.awaitTask(bad.text("id"), TASK_TIMEOUT);
        assertThat(task.get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(task.get("error").asText()).contains("1 of 20 instances failed");
        assertThat(api.get("/vapps/" + bad.text("resourceId")).json().get("instanceIds")).isEmpty();
        assertThat(api.get("/vapps/" + bad.text("resourceId")).text("state")).isEqualTo("ROLLED_BACK");
        for (String host : hosts) {
            assertThat(api.get("/hosts/" + host).json().get("allocatedMemoryMiB").asLong()).isZero();
            assertThat(dist.client("ovm:sim-status " + host)).contains("instances: 0");
        }
        String shellVapp = dist.client("ovm:vapp-create --cluster " + cluster
                + " --member a:1:256 --member b:1:256 small");
        assertThat(shellVapp).contains("vapp.deploy SUCCEEDED");
        String smallId = shellVapp.lines().filter(l -> l.startsWith("vapp small is ")).findFirst().orElseThrow()
                .substring("vapp small is ".length()).trim();
        assertThat(dist.client("ovm:vapp-delete " + smallId)).contains("vapp.delete SUCCEEDED");
        Reply tooBig = api.post("/vapps", "{\"name\": \"huge\", \"clusterId\": \"" + cluster
                + "\", \"instances\": [{\"name\": \"a\", \"cpus\": 1, \"memoryMiB\": 8192}, "
                + "{\"name\": \"b\", \"cpus\": 1, \"memoryMiB\": 8192}, {\"name\": \"c\", \"cpus\": 1, "
                + "\"memoryMiB\": 8192}]}");
        assertThat(tooBig.status()).as("placed all or none").isEqualTo(409);
        assertThat(api.get("/vapps?name=huge").json().get("total").asInt()).isZero();
        for (String host : hosts) {
            assertThat(api.get("/hosts/" + host).json().get("allocatedMemoryMiB").asLong()).isZero();
        }
    }
}
