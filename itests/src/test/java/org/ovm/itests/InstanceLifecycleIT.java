package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A simulated host and the life of an instance on it, through REST and the Karaf shell: the
 * host's facts (and no password anywhere), start/stop/reboot, a failure injected mid-create
 * rolled back completely, and the inventory's counts agreeing with its rows.
 *
 * <p>The instance tests run in order on the host the first one adds ({@code sim1}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceLifecycleIT extends SimulatorTestBase {

    private String hostId;

    InstanceLifecycleIT(Distribution dist) {
        super(dist);
    }

    @Test
    @Order(1)
    void hostReachesUpWithFacts() throws Exception {
        Reply add = api.post("/hosts", "{\"name\": \"sim1\", \"type\": \"simulator\", "
                + "\"uri\": \"sim://sim1?cpus=8&memoryMiB=16384\", \"username\": \"root\", \"password\": \"s3cret\"}");
        assertThat(add.status()).isEqualTo(202);
        assertThat(add.body()).doesNotContain("s3cret");
        hostId = add.text("resourceId");
        assertThat(api.awaitTask(add.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        Reply host = api.get("/hosts/" + hostId);
        assertThat(host.text("state")).isEqualTo("UP");
        assertThat(host.json().get("cpus").asInt()).isEqualTo(8);
        assertThat(host.json().get("memoryMiB").asLong()).isEqualTo(16384);
        assertThat(host.body()).doesNotContain("s3cret");
        assertThat(Files.readString(dist.home().resolve("data/log/karaf.log"))).doesNotContain("s3cret");
        assertThat(api.post("/hosts", "{\"name\": \"sim1\", \"type\": \"simulator\", \"uri\": \"sim://x\"}").status())
                .as("duplicate host name").isEqualTo(409);
    }

    @Test
    @Order(2)
    void instanceLifecycleThroughRest() throws Exception {
        Reply create = api.post("/instances", "{\"name\": \"web1\", \"cpus\": 2, \"memoryMiB\": 1024, \"hostId\": \""
                + hostId + "\"}");
        assertThat(create.status()).isEqualTo(202);
        String id = create.text("resourceId");
        assertThat(api.awaitTask(create.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode instance = api.get("/instances/" + id).json();
        assertThat(instance.get("state").asText()).isEqualTo("STOPPED");
        assertThat(instance.get("managed").asBoolean()).isTrue();
        assertThat(instance.get("cpus").asInt()).isEqualTo(2);
        assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isEqualTo(1024);

        assertThat(action(id, "start")).isEqualTo("RUNNING");
        assertThat(action(id, "reboot")).isEqualTo("RUNNING");
        assertThat(action(id, "stop")).isEqualTo("STOPPED");
        assertThat(action(id, "start")).isEqualTo("RUNNING");
        assertThat(action(id, "stop?force=true")).isEqualTo("STOPPED");

        Reply duplicate = api.post("/instances", "{\"name\": \"web1\", \"cpus\": 1, \"memoryMiB\": 256, \"hostId\": \""
                + hostId + "\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        Reply tooBig = api.post("/instances", "{\"name\": \"big\", \"cpus\": 1, \"memoryMiB\": 999999, \"hostId\": \""
                + hostId + "\"}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.text("field")).isEqualTo("memoryMiB");

        Reply delete = api.delete("/instances/" + id);
        assertThat(delete.status()).isEqualTo(202);
        assertThat(api.awaitTask(delete.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/instances/" + id).status()).isEqualTo(404);
        assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isZero();
        assertThat(dist.client("ovm:sim-status " + hostId)).contains("instances: 0");
        assertThat(api.get("/events?resourceId=" + id).json().get("total").asInt()).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(3)
    void injectedFailureMidCreateRollsBackEverything() throws Exception {
        long allocatedBefore = api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong();
        assertThat(dist.client("ovm:sim-fault --fail 1 start")).contains("start: fail next 1");
        Reply create = api.post("/instances", "{\"name\": \"doomed\", \"cpus\": 1, \"memoryMiB\": 512, \"hostId\": \""
                + hostId + "\", \"start\": true}");
        assertThat(create.status()).isEqualTo(202);
        JsonNode task = api.awaitTask(create.text("id"), TASK_TIMEOUT);
        assertThat(task.get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(task.get("error").asText()).contains("simulated failure of start");
        assertThat(task.get("steps").toString()).contains("\"name\":\"define\",\"state\":\"COMPENSATED\"");
        assertThat(api.get("/instances?name=doomed").json().get("total").asInt()).isZero();
        assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isEqualTo(allocatedBefore);
        assertThat(dist.client("ovm:sim-status " + hostId)).contains("instances: 0", "calls undefine:");
    }

    @Test
    @Order(4)
    void instanceLifecycleThroughTheShell() throws Exception {
        String created = dist.client("ovm:instance-create --host " + hostId + " --cpus 1 --memory 256 --start shell1");
        assertThat(created).contains("instance.create SUCCEEDED");
        String id = created.lines().filter(l -> l.startsWith("instance shell1 is ")).findFirst().orElseThrow()
                .substring("instance shell1 is ".length()).trim();
        assertThat(dist.client("ovm:instance-list")).contains("shell1", "RUNNING");
        assertThat(dist.client("ovm:instance-stop " + id)).contains("instance.stop SUCCEEDED");
        assertThat(api.get("/instances/" + id).text("state")).isEqualTo("STOPPED");
        assertThat(dist.client("ovm:instance-start " + id)).contains("instance.start SUCCEEDED");
        assertThat(dist.client("ovm:instance-reboot " + id)).contains("instance.reboot SUCCEEDED");
        assertThat(dist.client("ovm:task-list --limit 5")).contains("instance.reboot");
        assertThat(dist.client("ovm:instance-delete " + id)).contains("instance.delete SUCCEEDED");
        assertThat(api.get("/instances/" + id).status()).isEqualTo(404);
        assertThat(dist.client("ovm:host-list")).contains("sim1", "UP");
        assertThat(dist.client("ovm:instance-create --host nope --cpus 1 --memory 256 bad"))
                .contains("INVALID_INPUT (hostId): host nope does not exist");
    }

    @Test
    @Order(5)
    void theUnfilteredInstanceTotalMatchesTheInventory() throws Exception {
        // after every create, rollback and delete above, and whatever the classes before this one
        // did on the shared distribution (vApps, rollbacks, ...), the hosts' instance counts (which
        // answer the unfiltered total and feed placement) agree with the rows; one instance of
        // this class's own stays, so that there is always something to count
        String counted = api.addSimulatorHost("inventory1", 8, 8192);
        Reply kept = api.post("/instances", "{\"name\": \"kept\", \"cpus\": 1, \"memoryMiB\": 256, \"hostId\": \""
                + counted + "\"}");
        assertThat(api.awaitTask(kept.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        long perHost = 0;
        for (JsonNode host : api.get("/hosts?limit=1000").json().get("items")) {
            perHost += api.get("/instances?limit=1&hostId=" + host.get("id").asText()).json().get("total").asLong();
        }
        assertThat(perHost).isPositive();
        assertThat(api.get("/instances?limit=1").json().get("total").asLong()).isEqualTo(perHost);
    }

    private String action(String id, String action) throws Exception {
        Reply reply = api.post("/instances/" + id + "/" + action, null);
        assertThat(reply.status()).as(action).isEqualTo(202);
        assertThat(api.awaitTask(reply.text("id"), TASK_TIMEOUT).get("state").asText()).as(action)
                .isEqualTo("SUCCEEDED");
        return api.get("/instances/" + id).text("state");
    }
}
