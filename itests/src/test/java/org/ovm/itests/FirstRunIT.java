package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.BrowserTests;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14's acceptance: the first run and the operator's portal. A fresh distribution gets what
 * {@code ./ovm up} ends with ({@code ./ovm register kvm}, the same script code, against the real
 * libvirtd of {@code ./ovm backends up}); then headless Chromium runs ui/web/e2e/firstrun.e2e.mjs:
 * the admin creates a VDC and a user, the user creates an instance with the wizard without naming
 * a host, sees it on the dashboard and its detail page, watches its CPU chart, opens its console in
 * a new tab, shuts it down gracefully and deletes it after confirming; then the operator's checks
 * (confirmations, refusals, navigation, narrow layout, search, sorting, bulk actions, Chinese,
 * audit). Screenshots of every page land in itests/target/screenshots-first-run.
 */
class FirstRunIT {

    private static final Path SHOTS = BrowserTests.screenshots("screenshots-first-run");
    private static final Path REPO = Paths.get(System.getProperty("ovm.repo", "..")).toAbsolutePath().normalize();
    /** The instances the browser test creates (first-vm by the wizard, the others for search and bulk actions). */
    private static final java.util.List<String> INSTANCES = java.util.List.of("first-vm", "vm1", "vm2", "vm3");
    private static final Path POOL = Paths.get("/var/lib/ovm-it/pools/first-run-" + Long.toHexString(System.nanoTime()));

    @BeforeAll
    static void browserAndFreshScreenshots() throws Exception {
        BrowserTests.requireBrowser();
        BrowserTests.clear(SHOTS);
    }

    /** Runs {@code ./ovm register kvm} against the distribution, as {@code ./ovm up} does at its end. */
    private static String register(Distribution dist) throws Exception {
        Path log = Files.createTempFile("ovm-register", ".log");
        ProcessBuilder ovm = new ProcessBuilder(REPO.resolve("ovm").toString(), "register", "kvm")
                .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        ovm.environment().put("OVM_HTTP_PORT", String.valueOf(dist.httpPort()));
        ovm.environment().put("OVM_ADMIN_PASSWORD", Distribution.ADMIN_PASSWORD);
        ovm.environment().put("OVM_LOCAL_POOL_DIR", POOL.toString());
        Process run = ovm.start();
        assertThat(run.waitFor(5, TimeUnit.MINUTES)).as("./ovm register kvm ended").isTrue();
        String output = Files.readString(log);
        assertThat(run.exitValue()).as("./ovm register kvm:\n" + output).isZero();
        assertThat(output).as(output).doesNotContain("warning").contains("in zone 'default', cluster 'kvm'");
        return output;
    }

    @Test
    void aNewUserGetsARunningInstanceAndAnOperatorGetsThePortalTheyExpect() throws Exception {
        assertThat(System.getenv("KVM_URI")).as("KVM_URI: start the real backends with './ovm backends up' and "
                + "export './ovm backends env' (./ovm test does both)").isNotBlank();
        String poolId = null;
        try (Distribution dist = Distribution.unpackFresh("first-run", 49000)) {
            dist.start();
            register(dist);
            register(dist);
            Api api = dist.api();
            assertThat(api.get("/zones").json().get("total").asLong()).as("a second run adds no zone").isEqualTo(1);
            JsonNode zone = api.get("/zones?name=default").json().get("items").get(0);
            assertThat(zone.get("defaultZone").asBoolean()).as("the first zone is the default").isTrue();
            JsonNode cluster = api.get("/clusters?name=kvm").json().get("items").get(0);
            assertThat(cluster.get("zoneId").asText()).isEqualTo(zone.get("id").asText());
            JsonNode hosts = api.get("/hosts").json();
            assertThat(hosts.get("total").asLong()).as("a second run adds no host").isEqualTo(1);
            JsonNode host = hosts.get("items").get(0);
            assertThat(host.get("name").asText()).isEqualTo("local-kvm");
            assertThat(host.get("state").asText()).isEqualTo("UP");
            assertThat(host.get("clusterId").asText()).isEqualTo(cluster.get("id").asText());
            assertThat(api.get("/images?name=tiny").json().get("total").asLong()).isEqualTo(1);
            poolId = api.get("/storage-pools?name=local").json().get("items").get(0).get("id").asText();

            BrowserTests.run(dist, SHOTS, "e2e/firstrun.e2e.mjs", Map.of("OVM_ADMIN_PASSWORD",
                    Distribution.ADMIN_PASSWORD), 12);

            // the shutdown went the guest's ACPI way: its init printed this before powering off
            Path serialLog = Paths.get(Files.readString(SHOTS.resolve("first-vm-serial-log.txt")).trim());
            assertThat(Files.readString(serialLog)).as("the guest's serial log " + serialLog)
                    .contains("OVM-GUEST-POWEROFF");
            assertThat(api.get("/instances?name=first-vm").json().get("total").asLong()).as("deleted").isZero();
            assertThat(SHOTS.resolve("fr-dashboard-user-en-wide.png")).exists();
        } finally {
            for (String domain : INSTANCES) {
                // guests the browser test left behind when it failed half-way
                virsh("destroy", domain);
                virsh("undefine", domain);
            }
            if (poolId != null) {
                // the libvirt pool OVM defined on the shared backend: another run's pool directory differs
                virsh("pool-destroy", "ovm-" + poolId);
                virsh("pool-undefine", "ovm-" + poolId);
            }
            Distribution.deleteTree(POOL);
        }
    }

    private static void virsh(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("virsh", "-c", System.getenv(
                "KVM_URI")));
        command.addAll(java.util.List.of(args));
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(30, TimeUnit.SECONDS);
    }
}
