package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.BrowserTests;
import org.ovm.itests.support.ConsoleSocket;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The web portal in a real browser: Debian's headless Chromium driven by playwright-core runs
 * ui/web/e2e/portal.e2e.mjs against a fresh distribution (login, a user's own instances only, quota
 * bars, tasks, Simplified Chinese without English left, logout) and ui/web/e2e/console.e2e.mjs
 * (the VNC console of a real QEMU guest). Screenshots of every page are kept in
 * itests/target/screenshots.
 */
class PortalIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Path SHOTS = BrowserTests.screenshots("screenshots");

    @BeforeAll
    static void browserAndFreshScreenshots() throws Exception {
        BrowserTests.requireBrowser();
        BrowserTests.clear(SHOTS);
    }

    /**
     * Every portal tab holds an event stream open; 300 of them (more than Jetty's 200 request
     * threads) must leave the API answering, because open streams hold no request thread.
     */
    private static void openEventStreamsDoNotStarveTheApi(Distribution dist) throws Exception {
        String base = dist.baseUrl().replace("/api/v1", "");
        String token = dist.api().post("/auth/tokens", null).text("token");
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.util.List<java.net.http.HttpResponse<java.util.stream.Stream<String>>> open = new java.util.ArrayList<>();
        try {
            java.util.List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<
                    java.util.stream.Stream<String>>>> opening = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                opening.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                        + "/stream/events")).header("Authorization", "Bearer " + token).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines()));
            }
            for (var future : opening) {
                var response = future.get(60, TimeUnit.SECONDS);
                open.add(response);
                assertThat(response.statusCode()).isEqualTo(200);
            }
            var zones = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dist.baseUrl()
                    + "/zones")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(zones.statusCode()).as("the API with 300 event streams open").isEqualTo(200);
        } finally {
            open.forEach(response -> response.body().close());
        }
    }


    @Test
    void usersWorkThroughThePortalInABrowser() throws Exception {
        try (Distribution dist = Distribution.unpack("portal", 33000)) {
            dist.start();
            String base = dist.baseUrl().replace("/api/v1", "");
            var page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the portal answers at / without authentication").isEqualTo(200);
            assertThat(page.body()).contains("<div id=\"root\">");
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("frame-ancestors 'none'");
            openEventStreamsDoNotStarveTheApi(dist);
            Path kar = Paths.get(System.getProperty("ovm.hello.kar", "missing.kar"));
            assertThat(kar).as("build examples/hello-plugin first (./ovm test does)").exists();
            BrowserTests.run(dist, SHOTS, "e2e/portal.e2e.mjs", Map.of("OVM_ADMIN_PASSWORD", Distribution.ADMIN_PASSWORD,
                    "HELLO_KAR", kar.toAbsolutePath().toString()));
            assertThat(SHOTS.resolve("07-instances-zh.png")).exists();
            assertThat(SHOTS.resolve("04-instances.png")).exists();
        }
    }

    /**
     * The console acceptance point: a user opens the VNC console of a tiny QEMU guest (no disk:
     * SeaBIOS on screen) in the browser through the engine's websocket proxy. The proxy's rules
     * are checked over a plain websocket: a ticket opens one connection, another VDC gets no
     * ticket, a stopped guest has no console.
     */
    @Test
    void aRunningKvmGuestsConsoleShowsInTheBrowser() throws Exception {
        assertThat(System.getenv("KVM_URI")).as("KVM_URI: start the real backends with './ovm backends up' and "
                + "export './ovm backends env' (./ovm test does both)").isNotBlank();
        try (Distribution dist = Distribution.unpack("portal-console", 34000)) {
            dist.start();
            Api api = dist.api();
            Reply install = api.post("/plugins/ovm-plugin-kvm/install", null);
            assertThat(api.awaitTask(install.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            String zone = api.post("/zones", "{\"name\": \"lab\"}").text("id");
            String cluster = api.post("/clusters", "{\"name\": \"kvm\", \"zoneId\": \"" + zone
                    + "\", \"hypervisorType\": \"kvm\"}").text("id");
            Reply host = api.post("/hosts", "{\"name\": \"kvm1\", \"type\": \"kvm\", \"uri\": \"qemu:///system\", "
                    + "\"clusterId\": \"" + cluster + "\", \"settings\": {\"domainType\": \"qemu\", "
                    + "\"consoleListen\": \"0.0.0.0\"}}");
            assertThat(api.awaitTask(host.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            for (String team : new String[] {"carol", "dave"}) {
                String vdc = api.post("/vdcs", "{\"name\": \"" + team + "-team\"}").text("id");
                assertThat(api.post("/users", "{\"username\": \"" + team + "\", \"password\": \"" + team
                        + "-password\", \"role\": \"user\", \"vdcId\": \"" + vdc + "\"}").status()).isEqualTo(201);
            }
            Api carol = new Api(dist.baseUrl(), "carol", "carol-password");
            Api dave = new Api(dist.baseUrl(), "dave", "dave-password");
            String name = "console-" + Long.toHexString(System.nanoTime());
            Reply create = carol.post("/instances", "{\"name\": \"" + name + "\", \"cpus\": 1, \"memoryMiB\": 64, "
                    + "\"clusterId\": \"" + cluster + "\", \"start\": true}");
            assertThat(carol.awaitTask(create.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            String id = create.text("resourceId");
            try {
                BrowserTests.run(dist, SHOTS, "e2e/console.e2e.mjs", Map.of("OVM_USER", "carol", "OVM_PASSWORD", "carol-password",
                        "INSTANCE", name));
                assertThat(SHOTS.resolve("08-console.png")).exists();

                String shell = dist.client("ovm:instance-console --ticket " + id);
                assertThat(shell).containsPattern("vnc console on 0\\.0\\.0\\.0:59\\d\\d")
                        .contains("websocket (one connection");
                String path = shell.substring(shell.indexOf("/console/ws?ticket=")).trim();
                String engine = dist.baseUrl().replace("http:", "ws:").replace("/api/v1", "");
                assertThat(ConsoleSocket.firstMessage(engine + path)).as("a ticket from the shell")
                        .startsWith("RFB 003.008");
                // two consoles opened at once on one guest: the first ticket still gets in
                String first = carol.post("/instances/" + id + "/console/tickets", null).text("path");
                String second = carol.post("/instances/" + id + "/console/tickets", null).text("path");
                assertThat(ConsoleSocket.securityResult(engine + first)).as("the proxy's answer is accepted").isZero();
                assertThat(ConsoleSocket.securityResult(engine + second)).isZero();
                Reply ticket = carol.post("/instances/" + id + "/console/tickets", null);
                assertThat(ticket.status()).isEqualTo(201);
                String url = engine + ticket.text("path");
                assertThat(ConsoleSocket.firstMessage(url)).as("the guest's VNC server speaks first")
                        .startsWith("RFB 003.008");
                assertThat(ConsoleSocket.firstMessage(url)).as("a ticket opens one connection only")
                        .startsWith("closed 1008");
                assertThat(ConsoleSocket.firstMessage(url.replaceAll("ticket=.*", "ticket=forged")))
                        .startsWith("closed 1008");
                assertThat(dave.post("/instances/" + id + "/console/tickets", null).status())
                        .as("another VDC's user").isEqualTo(404);
                // the guest's VNC itself wants a password nobody but the proxy gets (one-time, per ticket)
                JsonNode vnc = carol.get("/instances/" + id + "/console").json();
                assertThat(vnc.get("listen").asText()).as("the host's consoleListen setting").isEqualTo("0.0.0.0");
                assertThat(ConsoleSocket.securityTypes(vnc.get("listen").asText(), vnc.get("port").asInt()))
                        .as("security types offered to a direct connection").containsExactly(2);
                Reply stop = carol.post("/instances/" + id + "/stop?force=true", null);
                assertThat(carol.awaitTask(stop.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
                Reply stopped = carol.post("/instances/" + id + "/console/tickets", null);
                assertThat(stopped.status()).isEqualTo(409);
                assertThat(stopped.text("detail")).contains("start it to open its console");
            } finally {
                carol.awaitTask(carol.delete("/instances/" + id).text("id"), TIMEOUT);
            }
        }
    }
}
