package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.KarVersions;
import org.ovm.itests.support.SharedDistribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plugins at runtime on the shared distribution: a driver that is not installed answers 503
 * naming its plugin, installing it over REST, and a third-party KAR (the hello example) uploaded,
 * used by placement, upgraded in one click and removed, or dropped into deploy/ and taken out.
 *
 * <p>Each test sets up what it needs: the simulator tests uninstall the simulator first if
 * another class installed it. The order only saves an uninstall: the install runs last, so the
 * class leaves the simulator installed.
 */
@ExtendWith(SharedDistribution.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginLifecycleIT {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    private final Distribution dist;
    private final Api api;

    PluginLifecycleIT(Distribution dist) {
        this.dist = dist;
        this.api = dist.api();
    }

    @Test
    @Order(1)
    void hostOfAnUninstalledDriverIsRefusedWith503() throws Exception {
        api.uninstallPlugins("ovm-plugin-simulator");
        Reply reply = api.post("/hosts", "{\"name\": \"early\", \"type\": \"simulator\", \"uri\": \"sim://early\"}");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.text("detail")).contains("ovm-plugin-simulator");
    }

    @Test
    @Order(2)
    void simulatorPluginInstallsAtRuntime() throws Exception {
        api.uninstallPlugins("ovm-plugin-simulator");
        Reply install = api.post("/plugins/ovm-plugin-simulator/install", null);
        assertThat(install.status()).isEqualTo(202);
        assertThat(install.location()).endsWith("/tasks/" + install.text("id"));
        assertThat(api.awaitTask(install.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        Reply plugin = api.get("/plugins/ovm-plugin-simulator");
        assertThat(plugin.json().get("installed").asBoolean()).isTrue();
        assertThat(plugin.body()).contains("\"area\":\"hypervisor\"", "\"key\":\"simulator\"");
        assertThat(api.get("/health").json().get("plugins").toString()).contains("ovm-plugin-simulator");
    }

    @Test
    @Order(3)
    void thirdPartyKarUploadInstallsUpgradesAndRemoves() throws Exception {
        Path kar = Paths.get(System.getProperty("ovm.hello.kar"));
        assertThat(kar).as("build examples/hello-plugin first").exists();
        Reply upload = api.upload("/plugins", kar);
        assertThat(upload.status()).isEqualTo(201);
        assertThat(upload.body()).contains("ovm-plugin-hello", "\"key\":\"hello\"");
        String karName = "org.ovm.examples.hello-1.0.0";
        assertThat(api.get("/plugins/kars").body()).contains(karName);

        Reply add = api.post("/hosts", "{\"name\": \"hello1\", \"type\": \"hello\", \"uri\": \"hello://one\"}");
        assertThat(api.awaitTask(add.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String helloHost = add.text("resourceId");
        assertThat(api.get("/hosts/" + helloHost).json().get("facts").get("greeting").asText())
                .isEqualTo("Hello from a third-party plugin");

        // its placement plugins are OSGi services the kernel picks up: a policy can name them at once
        String zone = api.post("/zones", "{\"name\": \"hello-zone\"}").text("id");
        String cluster = api.post("/clusters", "{\"name\": \"hello-c\", \"zoneId\": \"" + zone + "\", "
                + "\"hypervisorType\": \"hello\"}").text("id");
        List<String> helloHosts = new ArrayList<>();
        for (String name : List.of("hello-a", "hello-b", "other-c")) {
            Reply host = api.post("/hosts", "{\"name\": \"" + name + "\", \"type\": \"hello\", \"uri\": "
                    + "\"hello://" + name + "\", \"clusterId\": \"" + cluster + "\"}");
            assertThat(api.awaitTask(host.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            helloHosts.add(host.text("resourceId"));
        }
        assertThat(api.get("/placement-policies/plugins").body()).contains(
                "{\"name\":\"hello-exclude\",\"kind\":\"filter\",\"source\":\"plugin\"",
                "{\"name\":\"hello-prefix\",\"kind\":\"scorer\",\"source\":\"plugin\"");
        Reply policy = api.post("/placement-policies", "{\"name\": \"hello-policy\", \"filters\": "
                + "[\"hello-exclude\"], \"scorers\": {\"hello-prefix\": 1}, \"parameters\": {\"hello.prefix\": "
                + "\"other\", \"hello.exclude\": \"hello-b\"}}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        assertThat(api.patch("/clusters/" + cluster, "{\"placementPolicy\": \"hello-policy\"}").status())
                .isEqualTo(200);
        String explain = "{\"clusterId\": \"" + cluster + "\", \"cpus\": 1, \"memoryMiB\": 64}";
        JsonNode ranked = api.post("/placements/explain", explain).json().get("hosts");
        assertThat(ranked.get(0).get("name").asText()).isEqualTo("other-c");
        assertThat(ranked.get(0).get("score").asInt()).isEqualTo(100);
        assertThat(ranked.get(2).get("name").asText()).isEqualTo("hello-b");
        assertThat(ranked.get(2).get("reason").asText()).isEqualTo("excluded by the policy's hello.exclude");

        // one-click upgrade: the vendor's next release, uploaded, replaces the running version
        Path newer = KarVersions.rewrite(kar, "1.0.0", "1.0.1", dist.home().resolve("hello-1.0.1.kar"));
        Reply upgrade = api.upload("/plugins", newer);
        assertThat(upgrade.status()).isEqualTo(201);
        Reply plugin = api.get("/plugins/ovm-plugin-hello");
        assertThat(plugin.text("version")).isEqualTo("1.0.1");
        assertThat(plugin.json().get("services").toString()).contains("org.ovm.examples.hello/1.0.1")
                .doesNotContain("/1.0.0");
        assertThat(api.get("/events?topic=plugin/upgraded").body()).contains("from 1.0.0 to 1.0.1");
        api.awaitGet("/hosts/" + helloHost, r -> "UP".equals(r.text("state")), Duration.ofSeconds(5));

        assertThat(api.delete("/plugins/kars/" + karName).status()).isEqualTo(204);
        assertThat(api.delete("/plugins/kars/org.ovm.examples.hello-1.0.1").status()).isEqualTo(204);
        assertThat(api.get("/plugins/ovm-plugin-hello").status()).isEqualTo(404);
        api.awaitGet("/hosts/" + helloHost, r -> "ERROR".equals(r.text("state")), Duration.ofSeconds(5));
        assertThat(api.delete("/hosts/" + helloHost).status()).isEqualTo(204);
        // the policy outlives its plugin, but cannot place without it, and says which plugin is missing
        Reply orphan = api.post("/placements/explain", explain);
        assertThat(orphan.status()).isEqualTo(503);
        assertThat(orphan.text("detail")).contains("hello-policy", "hello-exclude");
        assertThat(api.patch("/clusters/" + cluster, "{\"placementPolicy\": \"PERFORMANCE\"}").status())
                .isEqualTo(200);
        assertThat(api.delete("/placement-policies/" + policy.text("id")).status()).isEqualTo(204);
        for (String host : helloHosts) {
            assertThat(api.delete("/hosts/" + host).status()).isEqualTo(204);
        }
        Reply notAKar = api.upload("/plugins", dist.home().resolve("etc/config.properties"));
        assertThat(notAKar.status()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void karDroppedIntoDeployInstallsAndRemovingItRemovesIt() throws Exception {
        Path kar = Paths.get(System.getProperty("ovm.hello.kar"));
        Path deployed = dist.home().resolve("deploy").resolve(kar.getFileName());
        Files.copy(kar, deployed);
        api.awaitGet("/plugins/ovm-plugin-hello", r -> r.status() == 200 && r.body().contains("\"installed\":true")
                && r.body().contains("\"key\":\"hello\""), Duration.ofSeconds(30));
        Files.delete(deployed);
        api.awaitGet("/plugins/ovm-plugin-hello", r -> r.status() == 404, Duration.ofSeconds(30));
    }
}
