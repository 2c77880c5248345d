package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.DockerCli;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The engine dies in the middle of a container create: the task fails saying so, and once the
 * engine is back the create is rolled back on it (no orphan container) and the host is UP again.
 * Needs {@code ./ovm backends up docker}; the test restarts the engine with that same command.
 */
class DockerOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Path REPO = Path.of(System.getProperty("ovm.repo", ".."));
    private static final Path BACKEND = REPO.resolve("run/backends/docker");

    @Test
    void theEngineDyingMidCreateFailsTheTaskAndLeavesNoOrphanOnceItIsBack() throws Exception {
        String image = DockerCli.env("DOCKER_TEST_IMAGE");
        String name = "outage-" + Long.toHexString(System.nanoTime()).substring(0, 6);
        try (Distribution dist = Distribution.unpack("docker-outage", 36000)) {
            dist.start("-Dovm.monitor.period=2 -Dovm.sync.period=2 -Dovm.compensation.retry=120");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-docker");
            String hostId = api.addHost(Json.object("name", "engine", "type", "docker", "uri",
                    DockerCli.env("DOCKER_HOST")));
            long containerd = pid("containerd.pid");
            signal("STOP", containerd); // a start now hangs inside the engine: the create is caught mid-way
            String taskId;
            try {
                Reply create = api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 32,
                        "hostId", hostId, "start", true, "container", Map.of("image", image, "command",
                                List.of("sleep", "600"))));
                assertThat(create.status()).as(create.body()).isEqualTo(202);
                taskId = create.text("id");
                api.awaitGet("/tasks/" + taskId, r -> r.json().get("stepsDone").asInt() >= 4, TIMEOUT);
                assertThat(DockerCli.names()).as("defined, starting").contains(name);
                signal("KILL", pid("dockerd.pid"));
            } finally {
                signal("CONT", containerd);
            }
            // the start step fails saying why; its compensation (remove the container) waits for the engine
            JsonNode failed = api.awaitGet("/tasks/" + taskId, r -> "FAILED".equals(r.json().get("steps").get(4)
                    .get("state").asText()), TIMEOUT).json();
            assertThat(failed.get("steps").get(4).get("error").asText()).as(failed.toString())
                    .contains("cannot reach the engine");
            assertThat(failed.get("state").asText()).as("compensating while the engine is away").isEqualTo("RUNNING");
            JsonNode down = api.awaitGet("/hosts/" + hostId, r -> !"UP".equals(r.text("state")), TIMEOUT).json();
            assertThat(down.get("stateReason").asText()).contains("cannot reach the engine");

            restartEngine();
            JsonNode task = api.awaitTask(taskId, TIMEOUT);
            assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("ROLLED_BACK");
            assertThat(DockerCli.names()).as("no orphan container once the engine is back").doesNotContain(name);
            assertThat(api.get("/instances?name=" + name).json().get("total").asInt()).isZero();
            api.awaitGet("/hosts/" + hostId, r -> "UP".equals(r.text("state")), TIMEOUT);
        } finally {
            restartEngine();
        }
    }

    private static long pid(String file) throws Exception {
        return Long.parseLong(Files.readString(BACKEND.resolve(file)).trim());
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal + " " + pid)
                .isTrue();
    }

    /** {@code ./ovm backends up docker}: idempotent, starts what is not running. */
    private static void restartEngine() throws Exception {
        Process up = new ProcessBuilder(REPO.resolve("ovm").toString(), "backends", "up", "docker")
                .directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(up.getInputStream().readAllBytes());
        assertThat(up.waitFor(120, TimeUnit.SECONDS) && up.exitValue() == 0).as(out).isTrue();
    }
}
