package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.ovm.itests.support.EsxiCheck;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ESXi plugin through the REST API against two simulated standalone ESXi hosts (govmomi's
 * simulator, its answers unfiltered), each step checked with govmomi ({@link EsxiCheck}), not
 * with the yavijava client the plugin uses. Needs {@code ./ovm backends up esxi}; {@code ./ovm
 * test} does it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EsxiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String run = Long.toHexString(System.nanoTime()).substring(0, 6);
    private final EsxiCheck host1 = EsxiCheck.of(EsxiCheck.env("ESXI_URL"));
    private final EsxiCheck host2 = EsxiCheck.of(EsxiCheck.env("ESXI_URL_2"));
    private Distribution dist;
    private Api api;
    private String clusterId;
    private String hostId;
    private String host2Id;
    private String poolId;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("esxi", 37000);
        dist.start("-Dovm.sync.period=2 -Dovm.monitor.period=2");
        api = dist.api();
        api.installPlugins("ovm-plugin-esxi");
    }

    @AfterAll
    void stop() throws Exception {
        if (dist == null) {
            return;
        }
        try {
            // the simulated hosts outlive this engine: what a failed test left of this run goes (best effort)
            for (JsonNode i : api.get("/instances?limit=1000").json().get("items")) {
                if (i.get("name").asText().endsWith(run) || i.get("name").asText().contains(run + "-")) {
                    api.awaitTask(api.delete("/instances/" + i.get("id").asText()).text("id"), TIMEOUT);
                }
            }
        } catch (Exception | AssertionError e) {
            System.err.println("EsxiIT: clean-up incomplete: " + e);
        } finally {
            dist.close();
        }
    }

    private String name(String base) {
        return base + "-" + run;
    }

    private String succeeded(Reply started) throws Exception {
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(started.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        return started.text("resourceId");
    }

    @Test
    @Order(1)
    void aSimulatedHostReachesUpWithItsFactsAndItsDatastoreBecomesAPoolWithRealCapacity() throws Exception {
        Reply cert = api.post("/hosts/certificate", Json.object("uri", EsxiCheck.env("ESXI_URL")));
        assertThat(cert.status()).as(cert.body()).isEqualTo(200);
        assertThat(cert.text("sha256")).isEqualTo(EsxiCheck.env("ESXI_THUMBPRINT"));
        assertThat(cert.json().get("selfSigned").asBoolean()).isTrue();
        assertThat(dist.client("ovm:host-certificate " + EsxiCheck.env("ESXI_URL")))
                .contains(EsxiCheck.env("ESXI_THUMBPRINT"));

        String zone = api.post("/zones", Json.object("name", name("esxi-zone"))).text("id");
        clusterId = api.post("/clusters", Json.object("name", name("esxi"), "zoneId", zone, "hypervisorType", "esxi"))
                .text("id");
        // the simulated hosts have 2 CPU threads each: the vApp below needs the overcommit a VDI cluster would have
        assertThat(api.patch("/clusters/" + clusterId, Json.object("cpuOvercommit", 8.0)).status()).isEqualTo(200);
        hostId = api.addHost(Json.object("name", name("esxi-1"), "type", "esxi", "uri", EsxiCheck.env("ESXI_URL"),
                "clusterId", clusterId, "username", EsxiCheck.env("ESXI_USER"), "password",
                EsxiCheck.env("ESXI_PASSWORD"), "settings", Map.of("thumbprint", cert.text("sha256"))));
        JsonNode host = api.get("/hosts/" + hostId).json();
        JsonNode checked = host1.host();
        assertThat(host.get("state").asText()).isEqualTo("UP");
        assertThat(host.get("cpus").asInt()).isEqualTo(checked.get("cpuThreads").asInt());
        assertThat(host.get("memoryMiB").asLong()).isEqualTo(checked.get("memoryBytes").asLong() / (1024 * 1024));
        assertThat(host.get("cpuModel").asText()).isEqualTo(checked.get("cpuModel").asText());
        assertThat(host.get("facts").get("product").asText()).isEqualTo(checked.get("product").asText());
        assertThat(host.get("facts").get("datastores").asText()).isEqualTo("LocalDS_0");
        assertThat(host.get("facts").get("portGroups").asText()).contains("VM Network");
        assertThat(host.toString()).as("the password is never shown").doesNotContain(EsxiCheck.env("ESXI_PASSWORD"));

        Reply pools = api.awaitGet("/storage-pools?name=" + name("esxi-1") + "-LocalDS_0",
                r -> r.json().get("total").asInt() == 1 && "UP".equals(r.json().get("items").get(0).get("state")
                        .asText()), TIMEOUT);
        JsonNode pool = pools.json().get("items").get(0);
        poolId = pool.get("id").asText();
        assertThat(pool.get("type").asText()).isEqualTo("datastore");
        assertThat(pool.get("hostId").asText()).isEqualTo(hostId);
        assertThat(pool.get("totalBytes").asLong()).isEqualTo(
                host1.host().get("datastores").get("LocalDS_0").get("capacity").asLong());
        assertThat(pool.get("availableBytes").asLong()).isPositive();

        // the second host trusts its certificate on first use: the fingerprint is learned and pinned
        host2Id = api.addHost(Json.object("name", name("esxi-2"), "type", "esxi", "uri", EsxiCheck.env("ESXI_URL_2"),
                "clusterId", clusterId, "username", EsxiCheck.env("ESXI_USER"), "password",
                EsxiCheck.env("ESXI_PASSWORD")));
        JsonNode second = api.get("/hosts/" + host2Id).json();
        assertThat(second.get("state").asText()).isEqualTo("UP");
        assertThat(second.get("settings").get("thumbprint").asText()).isEqualTo(EsxiCheck.env("ESXI_THUMBPRINT"));
        assertThat(second.get("facts").has("setting.thumbprint")).isFalse();
        assertThat(api.get("/events?resourceId=" + host2Id).body()).contains("learned at first contact");
    }

    @Test
    @Order(2)
    void theHostsOwnVmsAreDiscoveredUnmanagedAndOneIsAdoptedUntouched() throws Exception {
        Reply found = api.awaitGet("/instances?hostId=" + hostId, r -> r.json().get("total").asInt() >= 2, TIMEOUT);
        Map<String, JsonNode> byName = new HashMap<>();
        found.json().get("items").forEach(i -> byName.put(i.get("name").asText(), i));
        assertThat(byName).containsKeys("ha-host_VM0", "ha-host_VM1");
        JsonNode vm0 = byName.get("ha-host_VM0");
        JsonNode checked = host1.vm("ha-host_VM0");
        assertThat(vm0.get("managed").asBoolean()).isFalse();
        assertThat(vm0.get("hostType").asText()).isEqualTo("esxi");
        assertThat(vm0.get("backendId").asText()).isEqualTo(checked.get("id").asText());
        assertThat(vm0.get("state").asText()).isEqualTo("RUNNING");
        assertThat(checked.get("powerState").asText()).isEqualTo("poweredOn");
        assertThat(vm0.get("cpus").asInt()).isEqualTo(checked.get("numCPU").asInt());
        assertThat(vm0.get("memoryMiB").asLong()).isEqualTo(checked.get("memoryMB").asLong());
        assertThat(vm0.get("details").get("guestId").asText()).isEqualTo(checked.get("guestId").asText());
        assertThat(vm0.get("details").get("disks").asText()).contains(checked.get("disks").get(0).asText());
        String nic = checked.get("nics").get(0).asText();
        assertThat(vm0.get("details").get("nics").asText()).contains(nic.substring(0, nic.indexOf('@')));

        String vdc = api.post("/vdcs", Json.object("name", name("esxi-adopters"))).text("id");
        Reply adopt = api.post("/instances/" + vm0.get("id").asText() + "/adopt", Json.object("vdcId", vdc));
        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        assertThat(adopt.json().get("managed").asBoolean()).isTrue();
        assertThat(adopt.json().get("state").asText()).isEqualTo("RUNNING");
        JsonNode after = host1.vm("ha-host_VM0");
        assertThat(after.get("powerState").asText()).as("adoption leaves the VM untouched").isEqualTo("poweredOn");
        assertThat(after.get("id").asText()).isEqualTo(checked.get("id").asText());
    }

    @Test
    @Order(3)
    void aVmIsCreatedStartedReconfiguredSnapshottedRevertedStoppedAndDestroyedAsTheHostSees() throws Exception {
        String net = api.post("/networks", Json.object("name", name("esxi-net"), "type", "portgroup", "vlan", 42,
                "cidr", "10.42.0.0/24", "gateway", "10.42.0.1", "clusterId", clusterId)).text("id");
        String vmName = name("web");
        String id = succeeded(api.post("/instances", Json.object("name", vmName, "cpus", 1, "memoryMiB", 128,
                "hostId", hostId, "storagePoolId", poolId, "diskGiB", 1, "guestOs", "ubuntu64Guest", "nics",
                List.of(Map.of("networkId", net)))));
        JsonNode vm = api.get("/instances/" + id).json();
        JsonNode checked = host1.vm(vmName);
        assertThat(checked.get("exists").asBoolean()).isTrue();
        assertThat(vm.get("backendId").asText()).isEqualTo(checked.get("id").asText());
        assertThat(vm.get("state").asText()).isEqualTo("STOPPED");
        assertThat(checked.get("powerState").asText()).isEqualTo("poweredOff");
        assertThat(checked.get("numCPU").asInt()).isEqualTo(1);
        assertThat(checked.get("memoryMB").asInt()).isEqualTo(128);
        assertThat(checked.get("guestId").asText()).isEqualTo("ubuntu64Guest");
        String disk = "[LocalDS_0] ovm/" + vmName + "-disk0.vmdk";
        assertThat(checked.get("disks").get(0).asText()).isEqualTo(disk);
        String mac = vm.get("nics").get(0).get("mac").asText();
        assertThat(mac).startsWith("00:50:56:3e:");
        assertThat(checked.get("nics").get(0).asText()).isEqualTo(mac + "@ovm-" + name("esxi-net"));
        assertThat(host1.portGroups().get("ovm-" + name("esxi-net")).asInt()).isEqualTo(42);
        JsonNode volumes = api.get("/volumes?poolId=" + poolId).json();
        assertThat(volumes.toString()).contains(vmName + "-disk0.vmdk");
        assertThat(host1.file(disk).get("exists").asBoolean()).isTrue();

        succeeded(api.post("/instances/" + id + "/start", null));
        assertThat(api.get("/instances/" + id).text("state")).isEqualTo("RUNNING");
        assertThat(host1.vm(vmName).get("powerState").asText()).isEqualTo("poweredOn");
        Reply hot = api.post("/instances/" + id + "/resize", Json.object("cpus", 2, "memoryMiB", 256));
        assertThat(hot.status()).as("ESXi VMs are resized stopped: " + hot.body()).isEqualTo(409);

        succeeded(api.post("/instances/" + id + "/snapshots", Json.object("name", "before-upgrade")));
        assertThat(host1.vm(vmName).get("snapshots").toString()).isEqualTo("[\"before-upgrade\"]");
        JsonNode snapshots = api.get("/instances/" + id + "/snapshots").json().get("items");
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).get("name").asText()).isEqualTo("before-upgrade");
        assertThat(snapshots.get(0).get("powerState").asText()).isEqualTo("RUNNING");
        String snapshotId = snapshots.get(0).get("id").asText();

        succeeded(api.post("/instances/" + id + "/stop", null));
        assertThat(api.get("/instances/" + id).text("state")).isEqualTo("STOPPED");
        assertThat(host1.vm(vmName).get("powerState").asText()).isEqualTo("poweredOff");
        succeeded(api.post("/instances/" + id + "/resize", Json.object("cpus", 2, "memoryMiB", 256)));
        JsonNode resized = host1.vm(vmName);
        assertThat(resized.get("numCPU").asInt()).isEqualTo(2);
        assertThat(resized.get("memoryMB").asInt()).isEqualTo(256);
        assertThat(api.get("/instances/" + id).json().get("cpus").asInt()).isEqualTo(2);

        succeeded(api.post("/instances/" + id + "/snapshots/" + snapshotId + "/revert", null));
        assertThat(host1.vm(vmName).get("currentSnapshot").asText()).isEqualTo("before-upgrade");

        succeeded(api.post("/instances/" + id + "/start", null));
        Reply stats = api.get("/instances/" + id + "/stats");
        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        Reply console = api.post("/instances/" + id + "/console/tickets", null);
        assertThat(console.status()).as(console.body()).isEqualTo(409);
        assertThat(console.text("detail")).contains("WebMKS").contains("/ui/");
        succeeded(api.post("/instances/" + id + "/stop?force=true", null));
        assertThat(host1.vm(vmName).get("powerState").asText()).isEqualTo("poweredOff");

        succeeded(api.delete("/instances/" + id));
        assertThat(api.get("/instances/" + id).status()).isEqualTo(404);
        assertThat(host1.vm(vmName).get("exists").asBoolean()).isFalse();
        assertThat(host1.file(disk).get("exists").asBoolean()).isFalse();
        assertThat(api.get("/networks/" + net).json().get("addressesUsed").asInt()).isZero();
    }

    @Test
    @Order(4)
    void aWrongPasswordOrAnotherCertificatePutsTheHostInErrorWithAReasonAndNoSecret() throws Exception {
        String wrong = "wrong-" + run + "-" + EsxiCheck.env("ESXI_PASSWORD");
        Reply bad = api.post("/hosts", Json.object("name", name("esxi-badpw"), "type", "esxi", "uri",
                EsxiCheck.env("ESXI_URL"), "username", "root", "password", wrong));
        api.awaitTask(bad.text("id"), TIMEOUT);
        JsonNode refused = api.get("/hosts/" + bad.text("resourceId")).json();
        assertThat(refused.get("state").asText()).isEqualTo("ERROR");
        assertThat(refused.get("stateReason").asText()).contains("refused the user name or password");
        Reply pinned = api.post("/hosts", Json.object("name", name("esxi-othercert"), "type", "esxi", "uri",
                EsxiCheck.env("ESXI_URL"), "username", "root", "password", EsxiCheck.env("ESXI_PASSWORD"),
                "settings", Map.of("thumbprint", "AB:".repeat(31) + "AB")));
        api.awaitTask(pinned.text("id"), TIMEOUT);
        JsonNode other = api.get("/hosts/" + pinned.text("resourceId")).json();
        assertThat(other.get("state").asText()).isEqualTo("ERROR");
        assertThat(other.get("stateReason").asText()).contains("certificate changed")
                .contains(EsxiCheck.env("ESXI_THUMBPRINT"));
        // still ERROR after the monitor's probes (credentials do not heal by waiting), and nothing logged the secrets
        Thread.sleep(5000);
        assertThat(api.get("/hosts/" + bad.text("resourceId")).text("state")).isEqualTo("ERROR");
        String log = Files.readString(dist.home().resolve("data/log/karaf.log"));
        assertThat(log).doesNotContain(wrong).doesNotContain(EsxiCheck.env("ESXI_PASSWORD"));
        assertThat(api.delete("/hosts/" + bad.text("resourceId")).status()).isLessThan(300);
        assertThat(api.delete("/hosts/" + pinned.text("resourceId")).status()).isLessThan(300);
    }

    @Test
    @Order(5)
    void badInputIsRefusedWithAProblemAndCreatesNothing() throws Exception {
        JsonNode before = host1.vms();
        assertRefused("/instances", "guestOs", Json.object("name", name("bad"), "cpus", 1, "memoryMiB", 64,
                "hostId", hostId, "guestOs", "Ubuntu 64-bit!"));
        assertRefused("/instances", "storagePoolId", Json.object("name", name("bad"), "cpus", 1, "memoryMiB", 64,
                "hostId", host2Id, "storagePoolId", poolId, "diskGiB", 1));
        assertRefused("/instances", "cpus", Json.object("name", name("bad"), "cpus", 0, "memoryMiB", 64,
                "hostId", hostId));
        assertRefused("/hosts/certificate", "uri", Json.object("uri", "ftp://127.0.0.1/sdk"));
        assertRefused("/hosts/certificate", "uri", Json.object("uri", "https://127.0.0.1:1/sdk"));
        Reply pool = api.post("/storage-pools", Json.object("name", name("nods"), "type", "datastore", "uri",
                "ds:///vmfs/volumes/NoSuchDatastore/", "hostId", hostId));
        JsonNode task = api.awaitTask(pool.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).isNotEqualTo("SUCCEEDED");
        assertThat(task.toString()).contains("LocalDS_0");
        assertThat(host1.vms()).as("nothing was created on the host").isEqualTo(before);
        assertThat(api.get("/instances?name=" + name("bad")).json().get("total").asInt()).isZero();
    }

    @Test
    @Order(6)
    void aTenMemberVAppIsPlacedAcrossTheTwoHostsAndPoweredOn() throws Exception {
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(Map.of("name", name("app") + "-" + i, "cpus", 1, "memoryMiB", 64));
        }
        String vapp = succeeded(api.post("/vapps", Json.object("name", name("app"), "clusterId", clusterId,
                "instances", members)));
        JsonNode view = api.get("/vapps/" + vapp).json();
        assertThat(view.get("state").asText()).isEqualTo("RUNNING");
        assertThat(view.get("instanceIds")).hasSize(10);
        JsonNode on1 = host1.vms();
        JsonNode on2 = host2.vms();
        int running = 0;
        List<String> hostsUsed = new ArrayList<>();
        for (JsonNode id : view.get("instanceIds")) {
            JsonNode member = api.get("/instances/" + id.asText()).json();
            assertThat(member.get("state").asText()).isEqualTo("RUNNING");
            String where = member.get("hostId").asText();
            JsonNode onHost = where.equals(hostId) ? on1 : on2;
            assertThat(onHost.get(member.get("name").asText()).asText()).as(member.get("name").asText())
                    .isEqualTo("poweredOn");
            hostsUsed.add(where);
            running++;
        }
        assertThat(running).isEqualTo(10);
        assertThat(hostsUsed).containsAnyOf(hostId, host2Id).allMatch(h -> h.equals(hostId) || h.equals(host2Id));
        succeeded(api.delete("/vapps/" + vapp));
        JsonNode after1 = host1.vms();
        JsonNode after2 = host2.vms();
        for (Map<String, Object> m : members) {
            assertThat(after1.has((String) m.get("name")) || after2.has((String) m.get("name"))).isFalse();
        }
    }

    @Test
    @Order(7)
    void aVdcQuotaHoldsOnEsxiHostsToo() throws Exception {
        String vdc = api.post("/vdcs", Json.object("name", name("esxi-quota"), "quota", Map.of("instances", 1)))
                .text("id");
        String first = succeeded(api.post("/instances", Json.object("name", name("q1"), "cpus", 1, "memoryMiB", 64,
                "hostId", hostId, "vdcId", vdc)));
        Reply second = api.post("/instances", Json.object("name", name("q2"), "cpus", 1, "memoryMiB", 64,
                "hostId", host2Id, "vdcId", vdc));
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(host2.vm(name("q2")).get("exists").asBoolean()).isFalse();
        succeeded(api.delete("/instances/" + first));
        assertThat(host1.vm(name("q1")).get("exists").asBoolean()).isFalse();
    }

    @Test
    @Order(8)
    void aTemplateOnTheDatastoreIsCopiedInFullForEachVm() throws Exception {
        String file = name("tpl") + ".vmdk";
        host1.run("mkdisk", "[LocalDS_0] ovm/" + file, "2"); // as an operator would put a template there
        Reply image = api.post("/images", Json.object("name", name("tpl"), "kind", "template", "format", "vmdk",
                "poolId", poolId, "volume", file, "properties", Map.of("guestId", "debian11_64Guest")));
        String imageId = succeeded(image);
        assertThat(api.get("/images/" + imageId).json().get("sizeBytes").asLong()).isEqualTo(2L << 30);

        Reply linked = api.post("/instances", Json.object("name", name("clone"), "cpus", 1, "memoryMiB", 64,
                "hostId", hostId, "imageId", imageId, "cloneMode", "linked"));
        assertThat(linked.status()).as(linked.body()).isEqualTo(400);
        assertThat(linked.text("field")).isEqualTo("cloneMode");
        assertThat(linked.text("detail")).contains("cloneMode full");

        String vmName = name("clone");
        String id = succeeded(api.post("/instances", Json.object("name", vmName, "cpus", 1, "memoryMiB", 64,
                "hostId", hostId, "imageId", imageId, "start", true)));
        JsonNode vm = host1.vm(vmName);
        String disk = "[LocalDS_0] ovm/" + vmName + "-disk0.vmdk";
        assertThat(vm.get("disks").get(0).asText()).isEqualTo(disk);
        assertThat(vm.get("guestId").asText()).as("the template's guest OS").isEqualTo("debian11_64Guest");
        assertThat(vm.get("powerState").asText()).isEqualTo("poweredOn");
        assertThat(host1.file(disk).get("exists").asBoolean()).isTrue();
        assertThat(api.get("/volumes?poolId=" + poolId).body()).contains(vmName + "-disk0.vmdk");

        succeeded(api.delete("/instances/" + id));
        assertThat(host1.file(disk).get("exists").asBoolean()).isFalse();
        assertThat(host1.file("[LocalDS_0] ovm/" + file).get("exists").asBoolean()).as("the template stays").isTrue();
        assertThat(api.delete("/images/" + imageId).status()).isLessThan(300);
    }

    /** The browser: the host form reads the certificate, the admin trusts it, the host comes UP with its pool. */
    @Test
    @Order(10)
    void inThePortalAnEsxiHostIsAddedWithItsCertificateConfirmed() throws Exception {
        BrowserTests.requireBrowser();
        Path shots = BrowserTests.screenshots("screenshots-esxi");
        BrowserTests.clear(shots);
        BrowserTests.run(dist, shots, "e2e/esxi.e2e.mjs", Map.of("OVM_USER", "admin", "OVM_PASSWORD",
                Distribution.ADMIN_PASSWORD, "OVM_E2E_ESXI_HOST", name("esxi-portal"), "ESXI_URL",
                EsxiCheck.env("ESXI_URL"), "ESXI_USER", EsxiCheck.env("ESXI_USER"), "ESXI_PASSWORD",
                EsxiCheck.env("ESXI_PASSWORD"), "ESXI_THUMBPRINT", EsxiCheck.env("ESXI_THUMBPRINT")));
        JsonNode added = api.get("/hosts?name=" + name("esxi-portal")).json().get("items").get(0);
        assertThat(added.get("state").asText()).isEqualTo("UP");
        assertThat(added.get("settings").get("thumbprint").asText()).isEqualTo(EsxiCheck.env("ESXI_THUMBPRINT"));
    }

    private void assertRefused(String path, String field, String body) throws Exception {
        Reply reply = api.post(path, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).contains("problem+json");
        assertThat(reply.text("field")).isEqualTo(field);
    }
}
