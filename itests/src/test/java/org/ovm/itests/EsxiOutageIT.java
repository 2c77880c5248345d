package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.EsxiCheck;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ESXi host that goes away in the middle of a create, and comes back with another
 * certificate: runs a simulated host of its own (so the shared ones stay up), which holds every
 * CreateVM call for a few seconds so that it can be killed while one is in flight. Needs
 * {@code ./ovm backends up esxi} (for the simulator binary and its certificate).
 */
class EsxiOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int PORT = 18450;
    private static final Path DIR = Path.of("target", "esxi-outage").toAbsolutePath();

    private Process sim;

    @Test
    void theHostDyingMidCreateFailsTheTaskLeavesNothingAndTheHostComesBack() throws Exception {
        String url = "https://127.0.0.1:" + PORT + "/sdk";
        EsxiCheck check = EsxiCheck.of(url);
        String name = "outage-" + Long.toHexString(System.nanoTime()).substring(0, 6);
        Path tls = Path.of(EsxiCheck.env("ESXI_CA")).getParent();
        try (Distribution dist = Distribution.unpack("esxi-outage", 38000)) {
            startSim(tls.resolve("cert.pem"), tls.resolve("key.pem"));
            dist.start("-Dovm.monitor.period=2 -Dovm.sync.period=2 -Dovm.compensation.retry=120");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-esxi");
            String hostId = api.addHost(Json.object("name", "esxi-outage", "type", "esxi", "uri", url, "username",
                    EsxiCheck.env("ESXI_USER"), "password", EsxiCheck.env("ESXI_PASSWORD"), "settings",
                    Map.of("thumbprint", EsxiCheck.env("ESXI_THUMBPRINT"))));
            String poolId = api.awaitGet("/storage-pools?hostId=" + hostId, r -> r.json().get("total").asInt() == 1
                    && "UP".equals(r.json().get("items").get(0).get("state").asText()), TIMEOUT).json()
                    .get("items").get(0).get("id").asText();

            Reply create = api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 64, "hostId",
                    hostId, "storagePoolId", poolId, "diskGiB", 1));
            assertThat(create.status()).as(create.body()).isEqualTo(202);
            String disk = "[LocalDS_0] ovm/" + name + "-disk0.vmdk";
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!check.file(disk).get("exists").asBoolean()) {
                assertThat(System.nanoTime()).as("the create's volume appears").isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(500); // the VM's creation is in flight: the simulator holds CreateVM for 5 s
            sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            JsonNode down = api.awaitGet("/hosts/" + hostId, r -> "DOWN".equals(r.text("state")), TIMEOUT).json();
            assertThat(down.get("stateReason").asText()).containsAnyOf("refused the connection", "unreachable");
            JsonNode failing = api.awaitGet("/tasks/" + create.text("id"), r -> r.body().contains("\"FAILED\""),
                    TIMEOUT).json();
            assertThat(failing.toString()).as("the failed step says why").containsAnyOf("connect", "reach",
                    "Connection", "unreachable");

            // back (its files kept, as a restarted host's are): the create rolls back, leaving no VM and no disk
            startSim(tls.resolve("cert.pem"), tls.resolve("key.pem"));
            JsonNode task = api.awaitTask(create.text("id"), TIMEOUT);
            assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("ROLLED_BACK");
            api.awaitGet("/hosts/" + hostId, r -> "UP".equals(r.text("state")), TIMEOUT);
            assertThat(check.vm(name).get("exists").asBoolean()).isFalse();
            assertThat(check.file(disk).get("exists").asBoolean()).as("the create's volume was removed").isFalse();
            assertThat(api.get("/instances?name=" + name).json().get("total").asInt()).isZero();
            assertThat(api.get("/hosts/" + hostId).json().get("allocatedMemoryMiB").asLong()).isZero();

            // the host comes back with another certificate: ERROR with the reason, and UP again with the right one
            Path other = newCertificate();
            sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            startSim(other.resolve("cert.pem"), other.resolve("key.pem"));
            JsonNode changed = api.awaitGet("/hosts/" + hostId, r -> "ERROR".equals(r.text("state")), TIMEOUT).json();
            assertThat(changed.get("stateReason").asText()).contains("certificate changed")
                    .contains(EsxiCheck.env("ESXI_THUMBPRINT"));
            sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            startSim(tls.resolve("cert.pem"), tls.resolve("key.pem"));
            api.awaitGet("/hosts/" + hostId, r -> "UP".equals(r.text("state")), TIMEOUT);
        } finally {
            if (sim != null) {
                sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void startSim(Path cert, Path key) throws Exception {
        Files.createDirectories(DIR);
        Path password = DIR.resolve("password");
        Files.writeString(password, EsxiCheck.env("ESXI_PASSWORD") + "\n");
        List<String> command = new ArrayList<>(List.of(EsxiCheck.env("ESXI_SIM"), "-listen", "127.0.0.1:" + PORT,
                "-cert", cert.toString(), "-key", key.toString(), "-user", EsxiCheck.env("ESXI_USER"),
                "-password-file", password.toString(), "-datastore", DIR.resolve("datastore").toString(),
                "-keep-datastore", "-method-delay", "CreateVM_Task=5000"));
        Path log = DIR.resolve("esxi-sim.log");
        sim = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.readString(log).contains("listening")) {
            assertThat(sim.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the simulator starts").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** A self-signed certificate other than the backend's, for the same address. */
    private static Path newCertificate() throws Exception {
        Path dir = DIR.resolve("other-tls");
        Files.createDirectories(dir);
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as(out).isTrue();
        return dir;
    }
}
