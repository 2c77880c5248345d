package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * libvirtd dies around a create: the task ends FAILED or ROLLED_BACK with a clear reason (or
 * SUCCEEDED if it was already past the backend calls), the host goes DOWN and back UP when
 * libvirtd returns, and no orphan domain or volume stays.
 */
class KvmFailureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void killingLibvirtdAroundACreateLeavesNothingBehind() throws Exception {
        String uri = System.getenv("KVM_URI");
        assertThat(uri).as("KVM_URI: start the real backends with './ovm backends up' (./ovm test does)").isNotBlank();
        Path repo = Paths.get(System.getProperty("ovm.repo", "..")).toAbsolutePath().normalize();
        Path pidFile = repo.resolve("run/backends/libvirt/host1/libvirtd.pid");
        assertThat(pidFile).as("libvirtd of './ovm backends up' from this checkout").exists();
        Path poolDir = Paths.get("/var/lib/ovm-it/pools/failure-" + Long.toHexString(System.nanoTime()));
        String poolId = null;
        try (Distribution dist = Distribution.unpack("kvm-failure", 32000)) {
            dist.start("-Dovm.monitor.period=2");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage");
            String hostId = api.addKvmHost("kvm1", uri);
            Reply pool = api.post("/storage-pools", Json.object("name", "p1", "type", "local",
                    "uri", "file://" + poolDir, "hostId", hostId));
            assertThat(api.awaitTask(pool.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            poolId = pool.text("resourceId");

            // libvirtd is gone before the create reaches it
            killLibvirtd(pidFile);
            Reply early = post(api, "fail-early", hostId, poolId);
            if (early.status() == 409) {
                // the host monitor noticed first (one miss: SUSPECT, two: DOWN): refused at once, saying why
                assertThat(early.text("detail")).containsPattern("is (SUSPECT|DOWN)")
                        .contains("libvirt at " + uri + " is unreachable");
            } else {
                assertThat(early.status()).isEqualTo(202);
                // the step fails; its compensation waits for libvirtd to come back
                api.awaitGet("/tasks/" + early.text("id"), r -> r.body().contains("\"state\":\"FAILED\""),
                        Duration.ofSeconds(30));
            }
            api.awaitGet("/hosts/" + hostId, r -> "DOWN".equals(r.text("state")), Duration.ofSeconds(20));
            restartLibvirtd(repo);
            api.awaitGet("/hosts/" + hostId, r -> "UP".equals(r.text("state")), Duration.ofSeconds(30));
            if (early.status() == 202) {
                JsonNode earlyTask = api.awaitTask(early.text("id"), TIMEOUT);
                assertThat(earlyTask.get("state").asText()).isIn("FAILED", "ROLLED_BACK");
                assertThat(earlyTask.get("error").asText()).contains("libvirt at " + uri + " is unreachable");
            }

            // libvirtd dies while the create runs, and comes back
            Reply racing = create(api, "fail-mid", hostId, poolId);
            Thread.sleep(150);
            killLibvirtd(pidFile);
            Thread.sleep(3000);
            restartLibvirtd(repo);
            JsonNode midTask = api.awaitTask(racing.text("id"), TIMEOUT);
            String midState = midTask.get("state").asText();
            assertThat(midState).isIn("SUCCEEDED", "FAILED", "ROLLED_BACK");
            api.awaitGet("/hosts/" + hostId, r -> "UP".equals(r.text("state")), Duration.ofSeconds(30));
            if ("SUCCEEDED".equals(midState)) {
                assertThat(run("virsh", "-c", uri, "list", "--all", "--name")).contains("fail-mid");
                Reply delete = api.delete("/instances/" + racing.text("resourceId"));
                assertThat(api.awaitTask(delete.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            } else {
                assertThat(midTask.get("error").asText()).isNotBlank();
            }

            // nothing left behind
            assertThat(run("virsh", "-c", uri, "list", "--all", "--name")).doesNotContain("fail-early", "fail-mid");
            try (Stream<Path> files = Files.list(poolDir)) {
                assertThat(files.map(Path::toString)).as("no orphan volume").isEmpty();
            }
            // (the shared backend may hold other guests, discovered unmanaged: only OVM's own count)
            assertThat(api.get("/instances?managed=true").json().get("total").asInt()).isZero();
            assertThat(api.get("/volumes").json().get("total").asInt()).isZero();
            assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isZero();
            assertThat(api.awaitTask(api.delete("/storage-pools/" + poolId).text("id"), TIMEOUT).get("state")
                    .asText()).isEqualTo("SUCCEEDED");
            poolId = null;
        } finally {
            restartLibvirtd(repo);
            if (poolId != null) {
                run("virsh", "-c", uri, "pool-destroy", "ovm-" + poolId);
                run("virsh", "-c", uri, "pool-undefine", "ovm-" + poolId);
            }
            for (String domain : List.of("fail-early", "fail-mid")) {
                run("virsh", "-c", uri, "destroy", domain);
                run("virsh", "-c", uri, "undefine", domain);
            }
            if (Files.exists(poolDir)) {
                try (Stream<Path> walk = Files.walk(poolDir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static Reply create(Api api, String name, String hostId, String poolId) throws Exception {
        Reply reply = post(api, name, hostId, poolId);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply;
    }

    private static Reply post(Api api, String name, String hostId, String poolId) throws Exception {
        return api.post("/instances", "{\"name\": \"" + name + "\", \"cpus\": 1, \"memoryMiB\": 128, "
                + "\"hostId\": \"" + hostId + "\", \"storagePoolId\": \"" + poolId + "\", \"diskGiB\": 1, "
                + "\"start\": true}");
    }

    private static void killLibvirtd(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void restartLibvirtd(Path repo) throws Exception {
        String out = run(repo.resolve("ovm").toString(), "backends", "up", "libvirt");
        assertThat(out).doesNotContain("error");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return out;
    }
}
