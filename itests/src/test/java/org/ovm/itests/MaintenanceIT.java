package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Host maintenance on the shared distribution: refused while the host runs instances; in
 * maintenance, placement passes it by and creates and starts naming it are refused, a probe keeps
 * it there; activated, it takes instances again.
 */
class MaintenanceIT extends SimulatorTestBase {


    MaintenanceIT(Distribution dist) {
        super(dist);
    }

    @Test
    void aHostInMaintenanceIsPassedByAndComesBackWhenActivated() throws Exception {
        String zone = api.post("/zones", "{\"name\": \"mnt\"}").text("id");
        String cluster = api.post("/clusters", "{\"name\": \"mnt\", \"zoneId\": \"" + zone
                + "\", \"hypervisorType\": \"simulator\"}").text("id");
        List<String> hosts = new ArrayList<>();
        for (int h = 1; h <= 2; h++) {
            hosts.add(api.addHost("{\"name\": \"mnt" + h + "\", \"type\": \"simulator\", \"uri\": "
                    + "\"sim://mnt" + h + "?cpus=8&memoryMiB=8192\", \"clusterId\": \"" + cluster + "\"}"));
        }
        String first = hosts.get(0);
        Reply create = api.post("/instances", "{\"name\": \"mnt-vm\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + first + "\", \"start\": true}");
        assertThat(api.awaitTask(create.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String vm = create.text("resourceId");

        // running instances are moved away first; the simulator cannot move them: the host stays preparing
        Reply busy = api.post("/hosts/" + first + "/maintenance", null);
        assertThat(busy.status()).as(busy.body()).isEqualTo(200);
        assertThat(busy.text("state")).isEqualTo("PREPARING_FOR_MAINTENANCE");
        assertThat(busy.text("stateReason")).contains("moving 1 instance(s) to other hosts of its cluster", "mnt-vm");
        JsonNode stuck = api.awaitGet("/events?topic=host/maintenance-failed&resourceId=" + first,
                r -> r.json().get("total").asInt() > 0, TASK_TIMEOUT).json().get("items").get(0);
        assertThat(stuck.get("message").asText()).contains("instances still run here: mnt-vm: ",
                "cannot move instances between hosts", "enter maintenance again");
        JsonNode preparing = api.get("/hosts/" + first).json();
        assertThat(preparing.get("state").asText()).isEqualTo("PREPARING_FOR_MAINTENANCE");
        assertThat(preparing.get("stateReason").asText()).startsWith("instances still run here: mnt-vm");
        assertThat(api.get("/instances/" + vm).text("hostId")).isEqualTo(first);
        assertThat(action(vm, "stop?force=true")).isEqualTo("STOPPED");
        Reply entered = api.post("/hosts/" + first + "/maintenance", null);
        assertThat(entered.status()).isEqualTo(200);
        assertThat(entered.text("state")).isEqualTo("MAINTENANCE");
        assertThat(entered.text("stateReason")).contains("by admin");

        // placement passes it by, a create naming it and a start on it are refused
        JsonNode ranked = api.post("/placements/explain", "{\"clusterId\": \"" + cluster
                + "\", \"cpus\": 1, \"memoryMiB\": 64}").json().get("hosts");
        assertThat(ranked.findValuesAsText("reason")).contains("host is MAINTENANCE");
        Reply placed = api.post("/instances", "{\"name\": \"mnt-placed\", \"cpus\": 1, \"memoryMiB\": 64, "
                + "\"clusterId\": \"" + cluster + "\", \"start\": true}");
        assertThat(api.awaitTask(placed.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/instances/" + placed.text("resourceId")).text("hostId")).isEqualTo(hosts.get(1));
        Reply named = api.post("/instances", "{\"name\": \"mnt-named\", \"cpus\": 1, \"memoryMiB\": 64, "
                + "\"hostId\": \"" + first + "\"}");
        assertThat(named.status()).isEqualTo(409);
        assertThat(named.text("detail")).contains("is MAINTENANCE");
        Reply start = api.post("/instances/" + vm + "/start", null);
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.text("detail")).contains("in maintenance", "once the host is activated");
        // a probe refreshes its facts but does not end maintenance
        Reply refresh = api.post("/hosts/" + first + "/refresh", null);
        assertThat(api.awaitTask(refresh.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/hosts/" + first).text("state")).isEqualTo("MAINTENANCE");

        assertThat(dist.client("ovm:host-activate " + first)).contains("SUCCEEDED");
        assertThat(api.get("/hosts/" + first).text("state")).isEqualTo("UP");
        assertThat(api.post("/hosts/" + first + "/activate", null).status()).as("not in maintenance").isEqualTo(409);
        assertThat(action(vm, "start")).isEqualTo("RUNNING");
        assertThat(dist.client("ovm:host-maintenance " + hosts.get(1))).contains("is PREPARING_FOR_MAINTENANCE "
                + "(moving 1 instance(s) to other hosts of its cluster");
        api.awaitGet("/hosts/" + hosts.get(1), r -> r.text("stateReason").startsWith("instances still run here"),
                TASK_TIMEOUT);
        assertThat(dist.client("ovm:host-activate " + hosts.get(1))).contains("SUCCEEDED");
        for (String id : List.of(vm, placed.text("resourceId"))) {
            assertThat(api.awaitTask(api.delete("/instances/" + id).text("id"), TASK_TIMEOUT).get("state").asText())
                    .isEqualTo("SUCCEEDED");
        }
    }

    private String action(String id, String action) throws Exception {
        Reply reply = api.post("/instances/" + id + "/" + action, null);
        assertThat(reply.status()).as(action).isEqualTo(202);
        assertThat(api.awaitTask(reply.text("id"), TASK_TIMEOUT).get("state").asText()).as(action)
                .isEqualTo("SUCCEEDED");
        return api.get("/instances/" + id).text("state");
    }
}
