package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.deleteTree;
import static org.ovm.itests.support.TinyGuest.run;

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
import org.ovm.itests.support.DockerCli;
import org.ovm.itests.support.EsxiCheck;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * ESXi hosts get a NAS datastore (issue 16): an NFS pool of the real NFS server ({@code ./ovm backends up nfs})
 * attached to a cluster of two simulated ESXi hosts is mounted on each as datastore {@code ovm-<pool>} of that
 * server and directory (as govmomi's esxi-check reads it); host storage discovery does not add it as a
 * {@code datastore} pool; a VM created through OVM with its disk on the pool runs, its vmdk (descriptor and flat
 * extent) is on the export ({@code nfs-ls}), qemu-img reads it and it copies; detaching the host is refused while the VM
 * exists and removes the datastore afterwards; a datastore name another pool's datastore has already fails that
 * host's attach with the reason; a Docker host is refused with the reason; deleting the pool unmounts it.
 * Runs two simulated hosts of its own ({@code ESXI_SIM}: their NAS datastores are the export's directories, as
 * test-tools/esxi-sim/README.md says), so the shared ones stay untouched.
 */
class EsxiNfsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int[] PORTS = {52490, 52491};
    private static final Path DIR = Path.of("target", "esxi-nfs").toAbsolutePath();
    private static final String SETUP = "start the real backends with './ovm backends up' and export "
            + "'./ovm backends env' (./ovm test does both)";

    private final String nfsUri = System.getenv("NFS_URI");
    private final String nfsExport = System.getenv("NFS_EXPORT");
    private final String suffix = Long.toHexString(System.nanoTime()).substring(0, 6);
    private final List<Process> sims = new ArrayList<>();
    private final List<Path> poolDirs = new ArrayList<>();

    private Api api;

    @Test
    void anNfsPoolIsANasDatastoreOfEsxiHostsWhoseVmsRunFromIt() throws Exception {
        assertThat(nfsUri).as("NFS_URI (the nfs backend): " + SETUP).isNotBlank();
        assertThat(nfsExport).as("NFS_EXPORT (the nfs backend): " + SETUP).contains(":/");
        String dockerHost = DockerCli.env("DOCKER_HOST");
        String exportDir = nfsExport.substring(nfsExport.indexOf(':') + 1);
        try (Distribution dist = Distribution.unpack("esxi-nfs", 52400)) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < PORTS.length; i++) {
                urls.add(startSim(i));
            }
            dist.start("-Dovm.monitor.period=2 -Dovm.storage.probe.seconds=2");
            api = dist.api();
            api.installPlugins("ovm-plugin-esxi", "ovm-plugin-nfs-storage", "ovm-plugin-docker");
            String zone = Api.created(api.post("/zones", Json.object("name", "esxinfs-" + suffix)));
            String cluster = Api.created(api.post("/clusters", Json.object("name", "esxinfs-" + suffix, "zoneId",
                    zone)));
            List<String> hosts = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                hosts.add(api.addHost(Json.object("name", "esxinfs-" + (i + 1) + "-" + suffix, "type", "esxi", "uri",
                        urls.get(i), "username", EsxiCheck.env("ESXI_USER"), "password",
                        EsxiCheck.env("ESXI_PASSWORD"), "clusterId", cluster, "settings",
                        Map.of("thumbprint", EsxiCheck.env("ESXI_THUMBPRINT")))));
            }
            EsxiCheck host1 = EsxiCheck.of(urls.get(0));
            EsxiCheck host2 = EsxiCheck.of(urls.get(1));

            // pool names whose datastore names collide (ESXi allows 42 characters: ovm- and 38 of the name)
            String stem = ("esxinfs-" + suffix + "-" + "x".repeat(38)).substring(0, 38);
            String poolName = stem + "-a";
            String datastore = "ovm-" + stem;
            String dir = "esxi-" + suffix;
            poolDirs.add(Path.of(exportDir, dir));
            String pool = api.finished(api.post("/storage-pools", Json.object("name", poolName, "type", "nfs", "uri",
                    nfsUri + "/" + dir, "clusterId", cluster)), TIMEOUT);

            // attached to both hosts, each mounting the pool's directory of the server as a NAS datastore
            JsonNode view = api.get("/storage-pools/" + pool).json();
            assertThat(view.get("state").asText()).as(view.toString()).isEqualTo("UP");
            assertThat(view.get("hosts")).hasSize(2);
            view.get("hosts").forEach(h -> {
                assertThat(h.get("state").asText()).as(h.toString()).isEqualTo("UP");
                assertThat(h.get("hostName").asText()).startsWith("esxinfs-");
            });
            String remotePath = Path.of(exportDir, dir).toString();
            for (EsxiCheck host : List.of(host1, host2)) {
                JsonNode ds = host.run("datastores").get(datastore);
                assertThat(ds).as("datastore " + datastore).isNotNull();
                assertThat(ds.get("type").asText()).isEqualTo("NFS");
                assertThat(ds.get("remoteHost").asText()).isEqualTo(nfsUri.substring(6, nfsUri.indexOf('/', 6)));
                assertThat(ds.get("remotePath").asText()).isEqualTo(remotePath);
            }
            for (String hostId : hosts) {
                assertThat(api.get("/hosts/" + hostId).text("state")).isEqualTo("UP");
            }

            // discovery (on a refresh, as on every connect) adds no datastore pool for the NAS datastore
            api.finished(api.post("/hosts/" + hosts.get(0) + "/refresh", null), TIMEOUT);
            JsonNode pools = api.get("/storage-pools?hostId=" + hosts.get(0)).json();
            assertThat(pools.toString()).doesNotContain(datastore);
            assertThat(api.get("/storage-pools").json().get("items").findValuesAsText("name"))
                    .noneMatch(n -> n.contains("ovm-"));

            // a VM with its disk on the pool runs on host 1, from the NAS datastore; its vmdk is on the export
            String vmName = "i16-esxinas-" + suffix;
            String vm = api.finished(api.post("/instances", Json.object("name", vmName, "cpus", 1, "memoryMiB", 64,
                    "hostId", hosts.get(0), "storagePoolId", pool, "diskGiB", 1)), TIMEOUT);
            api.finished(api.post("/instances/" + vm + "/start", null), TIMEOUT);
            assertThat(api.get("/instances/" + vm).text("state")).isEqualTo("RUNNING");
            JsonNode checked = host1.vm(vmName);
            assertThat(checked.get("powerState").asText()).isEqualTo("poweredOn");
            assertThat(checked.get("disks").get(0).asText()).isEqualTo("[" + datastore + "] " + vmName
                    + "-disk0.vmdk");
            JsonNode volume = api.get("/volumes?poolId=" + pool).json().get("items").get(0);
            assertThat(volume.get("format").asText()).isEqualTo("vmdk");
            assertThat(volume.get("path").asText()).isEqualTo(nfsUri + "/" + dir + "/" + vmName + "-disk0.vmdk");
            String listing = run("nfs-ls", nfsUri + "/" + dir);
            assertThat(listing).contains(vmName + "-disk0.vmdk", vmName + "-disk0-flat.vmdk");
            // qemu-img reads the pair as a vmdk (from the export's directory: over nfs:// qemu 7.2 cannot resolve
            // a vmdk's extent, so the engine reads the flat extent itself)
            String info = run("qemu-img", "info", "-f", "vmdk", "--output=json", Path.of(remotePath, vmName
                    + "-disk0.vmdk").toString());
            assertThat(info).contains("\"virtual-size\": 1073741824", "\"create-type\": \"vmfs\"");
            assertThat(volume.get("sizeBytes").asLong()).isEqualTo(1L << 30);
            assertThat(host1.file("[" + datastore + "] " + vmName + "-disk0-flat.vmdk").get("size").asLong())
                    .isEqualTo(1L << 30);

            // the stopped VM's vmdk copies like any volume (read from its flat extent, written as a new vmdk pair)
            api.finished(api.post("/instances/" + vm + "/stop", null), TIMEOUT);
            // (a vmdk's name ends in .vmdk: the default name <name>-copy is refused, with that reason)
            String copy = api.finished(api.post("/volumes/" + volume.get("id").asText() + "/copy", Json.object("poolId",
                    pool, "name", vmName + "-copy.vmdk")), TIMEOUT);
            JsonNode copied = api.get("/volumes/" + copy).json();
            assertThat(copied.get("format").asText()).isEqualTo("vmdk");
            assertThat(copied.get("sizeBytes").asLong()).isEqualTo(1L << 30);
            assertThat(run("nfs-ls", nfsUri + "/" + dir)).contains(copied.get("name").asText(),
                    copied.get("name").asText().replace(".vmdk", "-flat.vmdk"));
            api.finished(api.delete("/volumes/" + copy), TIMEOUT);

            // host 1 cannot leave the pool while the VM uses it; afterwards its datastore goes, host 2's stays
            Reply refused = api.delete("/storage-pools/" + pool + "/hosts/" + hosts.get(0));
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains(vmName);
            api.finished(api.delete("/instances/" + vm), TIMEOUT);
            api.finished(api.delete("/storage-pools/" + pool + "/hosts/" + hosts.get(0)), TIMEOUT);
            assertThat(host1.run("datastores").has(datastore)).as("host 1 unmounted it").isFalse();
            assertThat(host2.run("datastores").has(datastore)).as("host 2 keeps it").isTrue();

            // a second pool whose datastore name is taken on host 2: that host's attach fails, with the reason
            String dir2 = dir + "-b";
            poolDirs.add(Path.of(exportDir, dir2));
            Reply second = api.post("/storage-pools", Json.object("name", stem + "-b", "type", "nfs", "uri",
                    nfsUri + "/" + dir2, "hostIds", List.of(hosts.get(1))));
            assertThat(second.status()).as(second.body()).isEqualTo(202);
            assertThat(api.awaitTask(second.text("id"), TIMEOUT).get("state").asText()).isEqualTo("FAILED");
            JsonNode failed = api.get("/storage-pools/" + second.text("resourceId")).json();
            assertThat(failed.get("state").asText()).isEqualTo("ERROR");
            assertThat(failed.get("hosts").get(0).get("reason").asText()).contains("attaching the pool failed",
                    "datastore named " + datastore + " already");
            api.finished(api.delete("/storage-pools/" + second.text("resourceId")), TIMEOUT);
            assertThat(host2.run("datastores").get(datastore).get("remotePath").asText()).isEqualTo(remotePath);

            // a Docker host cannot attach an NFS pool
            String docker = api.addHost(Json.object("name", "esxinfs-docker-" + suffix, "type", "docker", "uri",
                    dockerHost));
            Reply attach = api.post("/storage-pools/" + pool + "/hosts", Json.object("hostId", docker));
            assertThat(attach.status()).as(attach.body()).isEqualTo(202);
            api.awaitTask(attach.text("id"), TIMEOUT);
            JsonNode row = api.get("/storage-pools/" + pool).json().get("hosts").findParents("hostId").stream()
                    .filter(h -> docker.equals(h.get("hostId").asText())).findFirst().orElseThrow();
            assertThat(row.get("state").asText()).isEqualTo("ERROR");
            assertThat(row.get("reason").asText()).contains("Docker hosts cannot use NFS pools");

            // deleting the pool unmounts it from host 2
            api.finished(api.delete("/storage-pools/" + pool), TIMEOUT);
            assertThat(host2.run("datastores").has(datastore)).as("host 2 unmounted it").isFalse();
        } finally {
            for (Process sim : sims) {
                sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (Path dir : poolDirs) {
                deleteTree(dir);
            }
        }
    }

    /** A simulated ESXi host of this test on {@code PORTS[i]}, with the backend's certificate; its SDK URL. */
    private String startSim(int i) throws Exception {
        Path dir = DIR.resolve("host" + (i + 1));
        Files.createDirectories(dir);
        Path password = dir.resolve("password");
        Files.writeString(password, EsxiCheck.env("ESXI_PASSWORD") + "\n");
        Path tls = Path.of(EsxiCheck.env("ESXI_CA")).getParent();
        Path log = dir.resolve("esxi-sim.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        Process sim = new ProcessBuilder(EsxiCheck.env("ESXI_SIM"), "-listen", "127.0.0.1:" + PORTS[i], "-cert",
                tls.resolve("cert.pem").toString(), "-key", tls.resolve("key.pem").toString(), "-user",
                EsxiCheck.env("ESXI_USER"), "-password-file", password.toString(), "-datastore",
                dir.resolve("datastore").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        sims.add(sim);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.readString(log).contains("listening")) {
            assertThat(sim.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the simulator starts").isLessThan(deadline);
            Thread.sleep(100);
        }
        return "https://127.0.0.1:" + PORTS[i] + "/sdk";
    }
}
