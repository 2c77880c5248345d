package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Kill -9 the engine while a create task waits on a delayed simulator step, start it again:
 * the task ends ROLLED_BACK (or SUCCEEDED), none stays RUNNING, and nothing it claimed leaks.
 */
class CrashRecoveryIT {

    @Test
    void interruptedCreateIsRolledBackAfterRestart() throws Exception {
        try (Distribution dist = Distribution.unpack("crash", 29000)) {
            dist.start();
            Api api = dist.api();
            Reply install = api.post("/plugins/ovm-plugin-simulator/install", null);
            assertThat(api.awaitTask(install.text("id"), Duration.ofSeconds(60)).get("state").asText())
                    .isEqualTo("SUCCEEDED");
            Reply add = api.post("/hosts", "{\"name\": \"slow\", \"type\": \"simulator\", "
                    + "\"uri\": \"sim://slow?delay.define=60000\"}");
            assertThat(api.awaitTask(add.text("id"), Duration.ofSeconds(60)).get("state").asText())
                    .isEqualTo("SUCCEEDED");
            String hostId = add.text("resourceId");

            Reply create = api.post("/instances", "{\"name\": \"victim\", \"cpus\": 2, \"memoryMiB\": 2048, "
                    + "\"hostId\": \"" + hostId + "\"}");
            String taskId = create.text("id");
            api.awaitGet("/tasks/" + taskId, r -> "RUNNING".equals(r.text("state"))
                    && r.body().contains("\"name\":\"define\",\"state\":\"RUNNING\""), Duration.ofSeconds(30));
            assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isEqualTo(2048);

            dist.kill9();
            dist.start();

            JsonNode task = api.awaitTask(taskId, Duration.ofSeconds(120));
            assertThat(task.get("state").asText()).isIn("ROLLED_BACK", "SUCCEEDED");
            assertThat(task.get("state").asText()).isEqualTo("ROLLED_BACK");
            assertThat(task.get("error").asText()).contains("engine restarted during step 'define'");
            assertThat(api.get("/tasks?state=RUNNING").json().get("total").asInt()).isZero();
            assertThat(api.get("/instances?name=victim").json().get("total").asInt()).isZero();
            assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isZero();
        }
    }
}
