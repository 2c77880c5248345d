package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.BrowserTests;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.DockerCli;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.TerminalSocket;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Docker plugin through the REST API against a real Docker Engine (unix socket and TLS),
 * checked with the {@code docker} CLI an operator would use. Needs {@code ./ovm backends up
 * docker}; {@code ./ovm test} does it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String run = Long.toHexString(System.nanoTime()).substring(0, 6);
    private Distribution dist;
    private Api api;
    private String hostId;
    private String image;

    @BeforeAll
    void boot() throws Exception {
        image = DockerCli.env("DOCKER_TEST_IMAGE");
        dist = Distribution.unpack("docker", 35000);
        dist.start("-Dovm.sync.period=2");
        api = dist.api();
        api.installPlugins("ovm-plugin-docker");
    }

    @AfterAll
    void stop() throws Exception {
        for (String name : DockerCli.names()) {
            if (name.contains(run)) {
                DockerCli.run("rm", "-f", name);
            }
        }
        // the engine networks OVM made for this run's networks
        DockerCli.run("network", "prune", "-f", "--filter", "label=org.ovm.network");
        if (dist != null) {
            dist.close();
        }
    }

    private String name(String base) {
        return base + "-" + run;
    }

    @Test
    @Order(1)
    void enginesOverTheSocketAndOverTlsReachUpWithRealFacts() throws Exception {
        hostId = api.addHost(Json.object("name", name("docker-local"), "type", "docker", "uri",
                DockerCli.env("DOCKER_HOST")));
        JsonNode host = api.get("/hosts/" + hostId).json();
        assertThat(host.get("state").asText()).isEqualTo("UP");
        assertThat(host.get("cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.get("memoryMiB").asLong()).isGreaterThan(1024);
        assertThat(host.get("hypervisorVersion").asText()).isEqualTo("Docker Engine "
                + DockerCli.run("version", "-f", "{{.Server.Version}}"));
        assertThat(host.get("facts").get("apiVersion").asText()).isNotBlank();
        assertThat(host.get("facts").get("storageDriver").asText()).isEqualTo(DockerCli.run("info", "-f",
                "{{.Driver}}"));
        assertThat(host.get("facts").get("os").asText()).isNotBlank();

        String tls = api.addHost(Json.object("name", name("docker-tls"), "type", "docker", "uri",
                DockerCli.env("DOCKER_TLS_HOST"), "secrets", Map.of("tlsCa", pem("DOCKER_TLS_CA"), "tlsCert",
                        pem("DOCKER_TLS_CERT"), "tlsKey", pem("DOCKER_TLS_KEY"))));
        Reply tlsHost = api.get("/hosts/" + tls);
        assertThat(tlsHost.text("state")).isEqualTo("UP");
        assertThat(tlsHost.json().get("facts").get("tls").asText()).isEqualTo("verified");
        assertThat(tlsHost.json().get("secretNames")).extracting(JsonNode::asText)
                .containsExactly("tlsCa", "tlsCert", "tlsKey");
        assertThat(tlsHost.body()).as("secrets are never returned").doesNotContain("PRIVATE KEY", "BEGIN CERT");

        Reply bad = api.post("/hosts", Json.object("name", name("docker-bad-cert"), "type", "docker", "uri",
                DockerCli.env("DOCKER_TLS_HOST"), "secrets", Map.of("tlsCa", pem("DOCKER_TLS_CA"), "tlsCert",
                        pem("DOCKER_TLS_BAD_CERT"), "tlsKey", pem("DOCKER_TLS_BAD_KEY"))));
        assertThat(bad.status()).isEqualTo(202);
        api.awaitTask(bad.text("id"), TIMEOUT);
        JsonNode refused = api.get("/hosts/" + bad.text("resourceId")).json();
        assertThat(refused.get("state").asText()).isEqualTo("ERROR");
        assertThat(refused.get("stateReason").asText()).contains("TLS");

        Reply plain = api.post("/hosts", Json.object("name", name("docker-plain"), "type", "docker", "uri",
                DockerCli.env("DOCKER_TLS_HOST")));
        api.awaitTask(plain.text("id"), TIMEOUT);
        assertThat(api.get("/hosts/" + plain.text("resourceId")).text("stateReason")).contains("allowInsecure=true");
        assertThat(api.delete("/hosts/" + plain.text("resourceId")).status()).isLessThan(300);
        assertThat(api.delete("/hosts/" + bad.text("resourceId")).status()).isLessThan(300);
        assertThat(api.delete("/hosts/" + tls).status()).isLessThan(300);
    }

    @Test
    @Order(2)
    void aContainerMadeWithTheCliIsDiscoveredAndAdoptedUntouched() throws Exception {
        String pre = name("pre");
        DockerCli.run("run", "-d", "--name", pre, "--memory", "48m", "--cpus", "1", "-e", "FROM_CLI=1", image,
                "sleep", "3600");
        String startedAt = DockerCli.inspect("{{.State.StartedAt}}", pre);
        String containerId = DockerCli.inspect("{{.Id}}", pre);
        JsonNode found = api.awaitGet("/instances?name=" + pre, r -> r.json().get("total").asInt() == 1,
                Duration.ofSeconds(30)).json().get("items").get(0);
        assertThat(found.get("type").asText()).isEqualTo("container");
        assertThat(found.get("managed").asBoolean()).isFalse();
        assertThat(found.get("state").asText()).isEqualTo("RUNNING");
        assertThat(found.get("cpus").asInt()).isEqualTo(1);
        assertThat(found.get("memoryMiB").asLong()).isEqualTo(48);
        assertThat(found.get("backendId").asText()).isEqualTo(containerId);
        assertThat(found.get("details").get("image").asText()).isEqualTo(image);
        assertThat(found.get("details").get("command").asText()).isEqualTo("sleep 3600");

        String vdc = api.post("/vdcs", Json.object("name", name("adopters"))).text("id");
        Reply adopt = api.post("/instances/" + found.get("id").asText() + "/adopt", Json.object("vdcId", vdc));
        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        assertThat(adopt.json().get("managed").asBoolean()).isTrue();
        assertThat(DockerCli.inspect("{{.Id}} {{.State.StartedAt}} {{.State.Status}}", pre))
                .as("adoption leaves the container untouched").isEqualTo(containerId + " " + startedAt + " running");

        // drift made with the CLI shows within a sync period: a new limit, a stop, a start, a removal
        DockerCli.run("update", "--memory", "96m", "--memory-swap", "96m", pre);
        api.awaitGet("/instances/" + found.get("id").asText(), r -> r.json().get("memoryMiB").asLong() == 96,
                Duration.ofSeconds(15));
        DockerCli.run("stop", "-t", "0", pre);
        api.awaitGet("/instances/" + found.get("id").asText(), r -> "STOPPED".equals(r.text("state")),
                Duration.ofSeconds(15));
        DockerCli.run("start", pre);
        api.awaitGet("/instances/" + found.get("id").asText(), r -> "RUNNING".equals(r.text("state")),
                Duration.ofSeconds(15));
        DockerCli.run("rm", "-f", pre);
        api.awaitGet("/instances/" + found.get("id").asText(), r -> "MISSING".equals(r.text("state")),
                Duration.ofSeconds(15));
    }

    @Test
    @Order(3)
    void aContainerWithLimitsEnvAPortAndAnIpamAddressAgreesWithTheCliThroughItsLife() throws Exception {
        int third = 100 + (int) (System.nanoTime() % 150); // apart from the networks a developer made by hand
        Reply network = api.post("/networks", Json.object("name", name("cnet"), "type", "container-bridge", "cidr",
                "10.88." + third + ".0/24", "gateway", "10.88." + third + ".1"));
        assertThat(network.status()).as(network.body()).isEqualTo(201);
        String networkId = network.text("id");
        String vdc = api.post("/vdcs", Json.object("name", name("apps"))).text("id");
        String c1 = name("web");
        Reply create = api.post("/instances", Json.object("name", c1, "cpus", 1, "memoryMiB", 64, "hostId", hostId,
                "vdcId", vdc, "start", true, "nics", List.of(Map.of("networkId", networkId)), "container",
                Map.of("image", image, "command", List.of("sh", "-c", "echo started-$GREETING; httpd -f -p 8080"),
                        "env", Map.of("GREETING", "hello"), "ports", List.of(Map.of("containerPort", 8080,
                                "hostPort", 18181)), "restartPolicy", "on-failure:3", "labels",
                        Map.of("team", "web"))));
        assertThat(create.status()).as(create.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(create.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        String id = create.text("resourceId");
        JsonNode instance = api.get("/instances/" + id).json();
        assertThat(instance.get("type").asText()).isEqualTo("container");
        assertThat(instance.get("state").asText()).isEqualTo("RUNNING");
        String ip = instance.get("nics").get(0).get("ip").asText();
        assertThat(ip).startsWith("10.88." + third + ".");

        assertThat(DockerCli.inspect("{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", c1))
                .isEqualTo("1000000000 " + 64 * 1024 * 1024);
        assertThat(DockerCli.inspect("{{json .Config.Env}}", c1)).contains("GREETING=hello");
        assertThat(DockerCli.inspect("{{json .HostConfig.PortBindings}}", c1)).contains("8080/tcp", "18181");
        assertThat(DockerCli.inspect("{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                c1)).isEqualTo("on-failure:3");
        assertThat(DockerCli.inspect("{{index .Config.Labels \"team\"}}", c1)).isEqualTo("web");
        assertThat(DockerCli.inspect("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", c1))
                .as("the address IPAM allocated").isEqualTo(ip);
        assertThat(DockerCli.state(c1)).isEqualTo("running");

        // logs and stats through the API
        Reply logs = api.awaitGet("/instances/" + id + "/logs?tail=10", r -> r.body().contains("started-hello"),
                Duration.ofSeconds(15));
        assertThat(logs.contentType()).startsWith("text/plain");
        JsonNode stats = api.get("/instances/" + id + "/stats").json();
        assertThat(stats.get("memoryMiB").asLong()).isBetween(0L, 64L);
        assertThat(stats.get("cpuTimeNanos").asLong()).isPositive();

        // power actions agree with docker ps -a at every step
        assertThat(succeeded(api.post("/instances/" + id + "/stop?timeout=2", null))).isEqualTo("STOPPED");
        assertThat(DockerCli.state(c1)).isEqualTo("exited");
        assertThat(succeeded(api.post("/instances/" + id + "/start", null))).isEqualTo("RUNNING");
        assertThat(DockerCli.state(c1)).isEqualTo("running");
        String before = DockerCli.inspect("{{.State.StartedAt}}", c1);
        assertThat(succeeded(api.post("/instances/" + id + "/reboot", null))).isEqualTo("RUNNING");
        assertThat(DockerCli.inspect("{{.State.StartedAt}}", c1)).as("restarted").isNotEqualTo(before);
        assertThat(succeeded(api.post("/instances/" + id + "/stop?force=true", null))).isEqualTo("STOPPED");
        assertThat(DockerCli.inspect("{{.State.Status}} {{.State.ExitCode}}", c1)).as("killed")
                .isEqualTo("exited 137");
        assertThat(api.get("/instances/" + id + "/logs").body()).as("logs of a stopped container")
                .contains("started-hello");
        assertThat(api.get("/instances/" + id + "/logs?since=bogus").status()).isEqualTo(400);

        // delete: no container, the address and the quota given back
        JsonNode usage = api.get("/vdcs/" + vdc).json().get("usage");
        assertThat(usage.get("instances").asInt()).isEqualTo(1);
        Reply delete = api.delete("/instances/" + id);
        assertThat(api.awaitTask(delete.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(DockerCli.names()).doesNotContain(c1);
        assertThat(api.get("/instances/" + id).status()).isEqualTo(404);
        Thread.sleep(5000); // two sync rounds: one that listed before the delete must not bring it back
        assertThat(api.get("/instances?name=" + c1).json().get("total").asInt()).as("no ghost").isZero();
        JsonNode after = api.get("/vdcs/" + vdc).json().get("usage");
        assertThat(after.get("instances").asInt()).isZero();
        assertThat(after.get("cpus").asInt()).isZero();
        assertThat(after.get("memoryMiB").asLong()).isZero();
        assertThat(api.get("/networks/" + networkId).json().get("addressesUsed").asInt()).isZero();
    }

    @Test
    @Order(4)
    void followedLogsStreamUntilTheContainerStops() throws Exception {
        String c = name("talker");
        Reply create = api.post("/instances", Json.object("name", c, "cpus", 1, "memoryMiB", 32, "hostId", hostId,
                "start", true, "container", Map.of("image", image, "command", List.of("sh", "-c",
                        "echo first; sleep 2; echo second"))));
        assertThat(succeeded(create)).isIn("RUNNING", "STOPPED");
        String id = create.text("resourceId");
        long started = System.nanoTime();
        Reply followed = api.get("/instances/" + id + "/logs?follow=true");
        assertThat(followed.body()).as("the stream ends when the container stops").contains("first", "second");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        Reply tail = api.get("/instances/" + id + "/logs?tail=1");
        assertThat(tail.body().trim()).isEqualTo("second");
        assertThat(api.awaitTask(api.delete("/instances/" + id).text("id"), TIMEOUT).get("state").asText())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(5)
    void fortyConcurrentCreatesAgainstAQuotaOfFiveMakeExactlyFive() throws Exception {
        Reply vdc = api.post("/vdcs", Json.object("name", name("five"), "quota", Map.of("instances", 5)));
        String vdcId = vdc.text("id");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(Json.object("name", name("q" + i), "cpus", 1, "memoryMiB", 16, "hostId", hostId, "vdcId",
                    vdcId, "start", true, "container", Map.of("image", image, "command", List.of("sleep", "600"))));
        }
        List<Reply> replies = api.postConcurrently("/instances", bodies);
        List<Reply> accepted = replies.stream().filter(r -> r.status() == 202).toList();
        assertThat(accepted).hasSize(5);
        assertThat(replies).filteredOn(r -> r.status() != 202).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.contentType()).startsWith("application/problem+json");
        });
        for (Reply r : accepted) {
            assertThat(api.awaitTask(r.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        }
        List<String> running = DockerCli.names().stream().filter(n -> n.matches("q\\d+-" + run)).toList();
        assertThat(running).hasSize(5);
        for (Reply r : accepted) {
            assertThat(api.awaitTask(api.delete("/instances/" + r.text("resourceId")).text("id"), TIMEOUT)
                    .get("state").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(DockerCli.names().stream().filter(n -> n.matches("q\\d+-" + run))).isEmpty();
        assertThat(api.get("/vdcs/" + vdcId).json().get("usage").get("instances").asInt()).isZero();
    }

    @Test
    @Order(6)
    void badInputIsA400NamingTheFieldAndCreatesNothing() throws Exception {
        int before = api.get("/instances").json().get("total").asInt();
        List<String> containers = DockerCli.names();
        Map<String, Object> ok = Map.of("image", image);
        assertRefused("container.image", Json.object("name", name("x"), "cpus", 1, "memoryMiB", 32, "hostId", hostId,
                "container", Map.of("image", "ovm/no-such-image:" + run)));
        assertRefused("memoryMiB", Json.object("name", name("x"), "cpus", 1, "memoryMiB", -5, "hostId", hostId,
                "container", ok));
        assertRefused("name", Json.object("name", "bad name!", "cpus", 1, "memoryMiB", 32, "hostId", hostId,
                "container", ok));
        assertRefused("container.ports[0].containerPort", Json.object("name", name("x"), "cpus", 1, "memoryMiB", 32,
                "hostId", hostId, "container", Map.of("image", image, "ports", List.of(Map.of("containerPort",
                        70000)))));
        assertRefused("container.env", Json.object("name", name("x"), "cpus", 1, "memoryMiB", 32, "hostId", hostId,
                "container", Map.of("image", image, "env", Map.of("BAD\nKEY", "v"))));
        assertRefused("container", Json.object("name", name("x"), "cpus", 1, "memoryMiB", 32, "hostId", hostId));
        assertRefused("imageId", Json.object("name", name("x"), "cpus", 1, "memoryMiB", 32, "hostId", hostId,
                "imageId", "some-template", "container", ok));
        assertThat(api.get("/instances").json().get("total").asInt()).isEqualTo(before);
        assertThat(DockerCli.names()).containsExactlyInAnyOrderElementsOf(containers);
    }

    @Test
    @Order(7)
    void aTerminalRunsWhatIsTypedAndClosesWhenTheShellExits() throws Exception {
        String c = name("shell");
        Reply create = api.post("/instances", Json.object("name", c, "cpus", 1, "memoryMiB", 32, "hostId", hostId,
                "start", true, "container", Map.of("image", image, "command", List.of("sleep", "3600"))));
        assertThat(succeeded(create)).isEqualTo("RUNNING");
        String id = create.text("resourceId");
        Reply ticket = api.post("/instances/" + id + "/terminal/tickets", null);
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
        assertThat(ticket.text("protocol")).isEqualTo("terminal");
        String url = dist.baseUrl().replaceFirst("^http", "ws").replace("/api/v1", "") + ticket.text("path");
        try (TerminalSocket terminal = TerminalSocket.open(url)) {
            terminal.resize(100, 30);
            terminal.type("echo hello-$((6*7)); stty size\r");
            assertThat(terminal.await("30 100", Duration.ofSeconds(20))).contains("hello-42").contains("30 100");
            terminal.type("exit\r");
            assertThat(terminal.closedWith(Duration.ofSeconds(20))).startsWith("1000");
        }
        try (TerminalSocket again = TerminalSocket.open(url)) {
            assertThat(again.closedWith(Duration.ofSeconds(10))).as("a ticket is good once").startsWith("1008");
        }
        Reply vmConsole = api.post("/instances/" + id + "/console/tickets", null);
        assertThat(vmConsole.status()).as("containers have no VNC console").isEqualTo(400);
        Reply serial = api.post("/instances/" + id + "/serial/tickets", null);
        assertThat(serial.status()).as("containers have no serial console").isEqualTo(400);
        assertThat(serial.text("detail")).contains("open a terminal instead");
        assertThat(api.awaitTask(api.delete("/instances/" + id).text("id"), TIMEOUT).get("state").asText())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(8)
    void theImageCenterListsPullsFromTheRegistryImportsAndRemoves() throws Exception {
        JsonNode local = api.get("/images?kind=container&name=" + image).json();
        assertThat(local.get("total").asInt()).isEqualTo(1);
        assertThat(local.get("items").get(0).get("hostIds")).extracting(JsonNode::asText).contains(hostId);
        assertThat(local.get("items").get(0).get("id").asText()).isEqualTo(DockerCli.inspect("{{.Id}}", image));

        Reply registry = api.post("/registries", Json.object("name", name("local-registry"), "url",
                DockerCli.env("REGISTRY_URL")));
        assertThat(registry.status()).as(registry.body()).isEqualTo(201);
        String registryId = registry.text("id");
        assertThat(api.get("/registries/" + registryId + "/repositories").json().get("items"))
                .extracting(JsonNode::asText).contains("ovm/busybox");
        assertThat(api.get("/registries/" + registryId + "/tags?repository=ovm/busybox").json().get("items"))
                .extracting(JsonNode::asText).contains("1.35");
        assertThat(api.post("/registries", Json.object("name", name("nowhere"), "url", "http://127.0.0.1:1"))
                .status()).isEqualTo(503);

        String pulled = DockerCli.env("REGISTRY_TEST_IMAGE");
        Reply pull = api.post("/images/pull", Json.object("registryId", registryId, "reference", "ovm/busybox:1.35",
                "hostId", hostId));
        assertThat(pull.status()).as(pull.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(pull.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        assertThat(task.get("progress").asInt()).isEqualTo(100);
        assertThat(task.get("progressMessage").asText()).contains("pulled");
        String pulledId = DockerCli.inspect("{{.Id}}", pulled);
        JsonNode onHost = api.get("/images?kind=container&hostId=" + hostId + "&name=" + pulled).json();
        assertThat(onHost.get("total").asInt()).isEqualTo(1);
        assertThat(onHost.get("items").get(0).get("id").asText()).isEqualTo(pulledId);

        Reply missing = api.post("/images/pull", Json.object("reference", DockerCli.env("REGISTRY_URL")
                .replaceFirst("^https?://", "") + "/ovm/busybox:no-such-tag", "hostId", hostId));
        JsonNode failed = api.awaitTask(missing.text("id"), TIMEOUT);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("errorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/images/pull", Json.object("reference", "Not A Reference", "hostId", hostId)).status())
                .isEqualTo(400);

        // a root file system exported with the CLI, imported through OVM
        String source = name("export-src");
        DockerCli.run("create", "--name", source, image, "true");
        Path tar = Files.createTempFile("rootfs", ".tar");
        DockerCli.run("export", "-o", tar.toString(), source);
        DockerCli.run("rm", source);
        String reference = "ovm-it/imported:" + run;
        Reply imported = api.upload("/images/import?hostId=" + hostId + "&reference=" + reference, tar);
        Files.delete(tar);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("references")).extracting(JsonNode::asText).contains(reference);
        assertThat(DockerCli.inspect("{{.Id}}", reference)).isEqualTo(imported.text("id"));

        for (String id : List.of(imported.text("id"), pulledId)) {
            assertThat(api.delete("/images/" + id + "?hostId=" + hostId).status()).isEqualTo(204);
            assertThat(api.get("/images/" + id).status()).isEqualTo(404);
        }
        assertThat(DockerCli.run("images", "-q", "--no-trunc")).doesNotContain(pulledId);
        assertThat(api.delete("/registries/" + registryId).status()).isEqualTo(204);
    }

    @Test
    @Order(9)
    void theShellCreatesAContainerReadsItsLogsAndListsImages() throws Exception {
        String c = name("from-shell");
        String created = dist.client("ovm:container-create --host " + hostId + " --image " + image
                + " --memory 32 --env WHO=shell-says-hi --port 18282:80 --start " + c
                + " sh -c 'env && sleep 600'");
        assertThat(created).contains("container " + c + " is ", "SUCCEEDED");
        assertThat(DockerCli.inspect("{{.State.Status}} {{.HostConfig.Memory}}", c))
                .isEqualTo("running " + 32 * 1024 * 1024);
        String id = api.get("/instances?name=" + c).json().get("items").get(0).get("id").asText();
        String logs = "";
        for (int i = 0; i < 50 && !logs.contains("shell-says-hi"); i++) {
            logs = dist.client("ovm:instance-logs --tail 5 " + id);
            Thread.sleep(200);
        }
        assertThat(logs).contains("shell-says-hi");
        assertThat(dist.client("ovm:image-list --kind container")).contains(image, "container");
        assertThat(dist.client("ovm:container-create --host " + hostId + " --image " + image
                + " --port 99999:80 bad")).contains("INVALID_INPUT", "container.ports[0]");
        assertThat(api.awaitTask(api.delete("/instances/" + id).text("id"), TIMEOUT).get("state").asText())
                .isEqualTo("SUCCEEDED");
    }

    /**
     * The browser acceptance point: through the portal's wizard a container is created on the
     * engine, its terminal answers what is typed, its logs show, and it is deleted.
     */
    @Test
    @Order(10)
    void inTheBrowserAContainerIsCreatedItsTerminalAnswersItsLogsShowAndItIsDeleted() throws Exception {
        BrowserTests.requireBrowser();
        Path shots = BrowserTests.screenshots("screenshots-containers");
        BrowserTests.clear(shots);
        String container = name("browser");
        BrowserTests.run(dist, shots, "e2e/containers.e2e.mjs", Map.of("OVM_USER", "admin", "OVM_PASSWORD",
                Distribution.ADMIN_PASSWORD, "OVM_E2E_DOCKER_HOST", name("docker-local"), "OVM_E2E_IMAGE", image,
                "OVM_E2E_CONTAINER", container));
        assertThat(shots.resolve("c06-terminal.png")).exists();
        assertThat(DockerCli.names()).as("deleted through the portal").doesNotContain(container);
    }

    private void assertRefused(String field, String body) throws Exception {
        Reply reply = api.post("/instances", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body()).contains("\"" + field + "\"");
    }

    private String succeeded(Reply accepted) throws Exception {
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(api.awaitTask(accepted.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        return api.get("/instances/" + accepted.text("resourceId")).text("state");
    }

    private static String pem(String env) throws Exception {
        return Files.readString(Path.of(DockerCli.env(env)));
    }
}
