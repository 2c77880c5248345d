package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.deleteTree;
import static org.ovm.itests.support.TinyGuest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.TerminalSocket;
import org.ovm.itests.support.TinyGuest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17, first slice, on real libvirt: an HA tiny guest with its disk on the NFS pool runs on host
 * 2; {@code ./ovm backends crash kvm2} kills host 2's libvirtd, virtlogd and QEMUs (a power loss). The
 * host turns NON_RESPONSIVE and nothing restarts until an admin confirms it is off; then the guest
 * runs on host 1 (virsh says so, its serial console answers) with its row moved. {@code ./ovm backends
 * up kvm2} powers host 2 on again: the definition it kept (shut off) is removed, so the guest is
 * defined once. This test stops and starts the kvm2 backend: run it alone ({@code -Dovm.backends.repo}
 * names the checkout whose {@code ./ovm backends} run, default this one). Port base 52650.
 */
class KvmHaRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final String SETUP = "start the real backends with './ovm backends up' and export "
            + "'./ovm backends env' (./ovm test does both)";

    private final String kvmUri = System.getenv("KVM_URI");
    private final String kvmUri2 = System.getenv("KVM_URI_2");
    private final String nfsUri = System.getenv("NFS_URI");
    private final String suffix = Long.toHexString(System.nanoTime()).substring(0, 6);
    private final Path poolDir = Paths.get("/var/lib/ovm-it/pools/ha-" + suffix);
    private final Path backends = Paths.get(System.getProperty("ovm.backends.repo", System.getProperty("ovm.repo",
            ".."))).toAbsolutePath().normalize();

    @Test
    void anHaGuestOfACrashedHostRunsOnTheOtherOnceTheAdminConfirmsAndOnlyThere() throws Exception {
        assertThat(kvmUri).as("KVM_URI: " + SETUP).isNotBlank();
        assertThat(kvmUri2).as("KVM_URI_2: " + SETUP).isNotBlank();
        assertThat(nfsUri).as("NFS_URI (the nfs backend): " + SETUP).isNotBlank();
        assertThat(backends.resolve("run/backends/libvirt")).as("the libvirt backend of " + backends + ": " + SETUP)
                .exists();
        if (!Files.exists(TinyGuest.DIR.resolve("initrd.img"))) {
            TinyGuest.ensureBuilt();
        }
        Files.createDirectories(poolDir);
        String name = "ha-" + suffix;
        boolean crashed = false;
        try (Distribution dist = Distribution.unpack("kvm-ha", 52650)) {
            dist.start("-Dovm.monitor.period=1 -Dovm.sync.period=2 -Dovm.storage.probe.seconds=2");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage");
            String zone = Api.created(api.post("/zones", Json.object("name", "ha-" + suffix)));
            String cluster = Api.created(api.post("/clusters", Json.object("name", "ha-" + suffix, "zoneId", zone)));
            String host1 = api.addHost(Json.object("name", "kvm1-" + suffix, "type", "kvm", "uri", kvmUri,
                    "clusterId", cluster, "settings", Map.of("domainType", "qemu")));
            String host2 = api.addHost(Json.object("name", "kvm2-" + suffix, "type", "kvm", "uri", kvmUri2,
                    "clusterId", cluster, "settings", Map.of("domainType", "qemu")));
            String localPool = api.finished(api.post("/storage-pools", Json.object("name", "local-" + suffix,
                    "type", "local", "uri", "file://" + poolDir, "hostId", host1)), TIMEOUT);
            Files.copy(TinyGuest.DIR.resolve("disk.qcow2"), poolDir.resolve("tiny.qcow2"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(poolDir.resolve("tiny.qcow2"), PosixFilePermissions.fromString("rw-r--r--"));
            String image = api.finished(api.post("/images", Json.object("name", "tiny-" + suffix, "kind", "template",
                    "format", "qcow2", "poolId", localPool, "volume", "tiny.qcow2", "properties",
                    TinyGuest.templateProperties())), TIMEOUT);
            String nfsPool = api.finished(api.post("/storage-pools", Json.object("name", "nfs-" + suffix, "type",
                    "nfs", "uri", nfsUri, "clusterId", cluster)), TIMEOUT);
            try {
                // an HA guest on the NFS pool, created on host 1 and moved to host 2
                String vm = api.finished(api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB",
                        128, "hostId", host1, "imageId", image, "storagePoolId", nfsPool, "cloneMode", "full", "start",
                        true, "ha", true, "haPriority", 1)), TIMEOUT);
                assertThat(api.get("/instances/" + vm).json().get("haBlocker").isNull()).isTrue();
                api.finished(api.post("/instances/" + vm + "/migrate", Json.object("hostId", host2)), TIMEOUT);
                assertThat(run("virsh", "-c", kvmUri2, "domstate", name)).isEqualTo("running");

                // host 2 loses power: SUSPECT, DOWN, NON_RESPONSIVE; nothing restarts by itself
                crashed = true;
                String crash = run(backends.resolve("ovm").toString(), "backends", "crash", "kvm2");
                JsonNode lost = api.awaitGet("/hosts/" + host2, r -> "NON_RESPONSIVE".equals(r.text("state")),
                        Duration.ofSeconds(60)).json();
                assertThat(lost.get("stateReason").asText()).as(crash).contains("HA instances " + name + " wait");
                Thread.sleep(3000);
                assertThat(api.get("/instances/" + vm).text("hostId")).isEqualTo(host2);
                assertThat(run("virsh", "-c", kvmUri, "list", "--all", "--name")).doesNotContain(name);

                // the admin's word: it runs on host 1
                Reply confirmed = api.post("/hosts/" + host2 + "/confirm-down", null);
                assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(202);
                JsonNode task = api.awaitTask(confirmed.text("id"), TIMEOUT);
                assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
                JsonNode moved = api.get("/instances/" + vm).json();
                assertThat(moved.get("hostId").asText()).isEqualTo(host1);
                assertThat(moved.get("state").asText()).isEqualTo("RUNNING");
                assertThat(run("virsh", "-c", kvmUri, "domstate", name)).isEqualTo("running");
                try (TerminalSocket console = TerminalSocket.serial(dist, vm)) {
                    assertThat(console.typeUntil("echo restarted-$((6*7))\r", "restarted-42", Duration.ofSeconds(90)))
                            .contains("restarted-42");
                }

                // host 2 comes back: its shut-off copy is removed, the guest runs once, on host 1
                String up = run(backends.resolve("ovm").toString(), "backends", "up", "kvm2");
                crashed = false;
                api.awaitGet("/hosts/" + host2, r -> "UP".equals(r.text("state")), Duration.ofSeconds(90));
                api.awaitGet("/events?topic=instance/ha-leftover-removed&resourceId=" + vm,
                        r -> r.json().get("total").asInt() > 0, Duration.ofSeconds(60));
                assertThat(run("virsh", "-c", kvmUri2, "list", "--all", "--name")).as(up).doesNotContain(name);
                assertThat(run("virsh", "-c", kvmUri, "domstate", name)).isEqualTo("running");
                assertThat(api.get("/instances?q=" + name).json().get("total").asInt()).isEqualTo(1);
                assertThat(api.get("/instances/" + vm).text("hostId")).isEqualTo(host1);
            } finally {
                if (crashed) {
                    run(backends.resolve("ovm").toString(), "backends", "up", "kvm2");
                }
                for (JsonNode instance : api.get("/instances?limit=1000").json().get("items")) {
                    Reply delete = api.delete("/instances/" + instance.get("id").asText() + "?deleteVolumes=true");
                    if (delete.status() == 202) {
                        api.awaitTask(delete.text("id"), TIMEOUT);
                    }
                }
            }
        } finally {
            for (String uri : List.of(kvmUri, kvmUri2)) {
                run("virsh", "-c", uri, "destroy", name);
                run("virsh", "-c", uri, "undefine", name);
            }
            deleteTree(poolDir);
        }
    }
}
