package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.KvmPair;
import org.ovm.itests.support.TerminalSocket;
import org.ovm.itests.support.TinyGuest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17, maintenance that drains, on the two real libvirt hosts: host 1 runs three tiny guests, one with its disk
 * on the NFS pool and two on a local pool of host 1. Maintenance makes host 1 PREPARING_FOR_MAINTENANCE while
 * {@code host.drain} moves them live to host 2 (the local disks copied along onto host 2's local pool: shared-nothing
 * live migration); each guest keeps running (its uptime keeps growing: never rebooted), host 1 ends empty in
 * MAINTENANCE, the old disk files are gone. Then a migration back with a bandwidth cap, cancelled: it stays on host 2,
 * running. Port base 52850.
 */
class KvmMaintenanceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    private static final Pattern UPTIME = Pattern.compile("U2T-(\\d+)-E5");

    @Test
    void maintenanceMovesThreeRunningGuestsAwayLiveLocalDisksIncludedAndTheHostEndsEmpty() throws Exception {
        KvmPair pair = new KvmPair();
        Path pool2 = Path.of(pair.poolDir + "-2");
        List<String> names = List.of("mnt-a-" + pair.suffix, "mnt-b-" + pair.suffix, "mnt-c-" + pair.suffix);
        try (Distribution dist = Distribution.unpack("kvm-maintenance", 52850)) {
            dist.start("-Dovm.monitor.period=2 -Dovm.sync.period=2 -Dovm.storage.probe.seconds=2");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage");
            pair.create(api);
            Files.createDirectories(pool2);
            String local1 = api.get("/storage-pools?name=local-" + pair.suffix).json().get("items").get(0).get("id")
                    .asText();
            String local2 = api.finished(api.post("/storage-pools", Json.object("name", "local2-" + pair.suffix,
                    "type", "local", "uri", "file://" + pool2, "hostId", pair.host2)), TIMEOUT);
            try {
                Map<String, String> guests = new LinkedHashMap<>();
                for (String name : names) {
                    String pool = name.startsWith("mnt-a") ? pair.nfsPool : local1;
                    guests.put(name, api.finished(api.post("/instances", Json.object("name", name, "cpus", 1,
                            "memoryMiB", 128, "hostId", pair.host1, "imageId", pair.image, "storagePoolId", pool,
                            "cloneMode", "full", "start", true)), TIMEOUT));
                }
                Map<String, Long> uptimes = new LinkedHashMap<>();
                Map<String, String> oldPaths = new LinkedHashMap<>();
                for (Map.Entry<String, String> guest : guests.entrySet()) {
                    uptimes.put(guest.getKey(), uptime(dist, guest.getValue()));
                    oldPaths.put(guest.getKey(), api.get("/volumes?instanceId=" + guest.getValue()).json().get("items")
                            .get(0).get("path").asText());
                }

                // maintenance: preparing while the drain moves them, then empty and in maintenance
                Reply entered = api.post("/hosts/" + pair.host1 + "/maintenance", null);
                assertThat(entered.status()).as(entered.body()).isEqualTo(200);
                assertThat(entered.text("state")).isEqualTo("PREPARING_FOR_MAINTENANCE");
                assertThat(entered.text("stateReason")).contains("moving 3 instance(s)");
                JsonNode host1 = api.awaitGet("/hosts/" + pair.host1, r -> !"PREPARING_FOR_MAINTENANCE".equals(
                        r.text("state")), TIMEOUT).json();
                assertThat(host1.get("state").asText()).as(host1.toString()).isEqualTo("MAINTENANCE");
                assertThat(host1.get("stateReason").asText()).contains("3 instance(s) moved away");
                api.audited("host/maintenance", pair.host1, "admin", "SUCCEEDED");
                assertThat(run("virsh", "-c", pair.kvmUri, "list", "--all", "--name")).doesNotContain("mnt-");

                for (Map.Entry<String, String> guest : guests.entrySet()) {
                    String name = guest.getKey();
                    JsonNode view = api.get("/instances/" + guest.getValue()).json();
                    assertThat(view.get("hostId").asText()).as(name).isEqualTo(pair.host2);
                    assertThat(view.get("state").asText()).as(name).isEqualTo("RUNNING");
                    assertThat(run("virsh", "-c", pair.kvmUri2, "domstate", name)).as(name).isEqualTo("running");
                    assertThat(uptime(dist, guest.getValue())).as(name + " kept running (not rebooted)")
                            .isGreaterThan(uptimes.get(name));
                    JsonNode volume = api.get("/volumes?instanceId=" + guest.getValue()).json().get("items").get(0);
                    if (name.startsWith("mnt-a")) {
                        assertThat(volume.get("poolId").asText()).as("shared: stays").isEqualTo(pair.nfsPool);
                    } else {
                        assertThat(volume.get("poolId").asText()).as(name + " carried along").isEqualTo(local2);
                        assertThat(volume.get("path").asText()).startsWith(pool2.toString());
                        assertThat(Path.of(oldPaths.get(name))).as("old copy deleted").doesNotExist();
                    }
                }

                // a capped migration back, cancelled: it stays on host 2, running
                String b = guests.get(names.get(1));
                Reply activate = api.post("/hosts/" + pair.host1 + "/activate", null);
                assertThat(activate.status()).as(activate.body()).isEqualTo(202);
                api.awaitGet("/hosts/" + pair.host1, r -> "UP".equals(r.text("state")), TIMEOUT);
                Reply slow = api.post("/instances/" + b + "/migrate", Json.object("hostId", pair.host1,
                        "storagePoolId", local1, "bandwidthMiBps", 1));
                assertThat(slow.status()).as(slow.body()).isEqualTo(202);
                Reply cancelled = null;
                for (int i = 0; i < 200; i++) {
                    cancelled = api.post("/instances/" + b + "/migration/cancel", null);
                    if (cancelled.status() == 200) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
                JsonNode task = api.awaitTask(slow.text("id"), TIMEOUT);
                assertThat(task.get("state").asText()).as(task.toString()).isIn("FAILED", "ROLLED_BACK");
                JsonNode stayed = api.get("/instances/" + b).json();
                assertThat(stayed.get("hostId").asText()).isEqualTo(pair.host2);
                assertThat(stayed.get("state").asText()).isEqualTo("RUNNING");
                assertThat(run("virsh", "-c", pair.kvmUri2, "domstate", names.get(1))).isEqualTo("running");
                assertThat(run("virsh", "-c", pair.kvmUri, "list", "--all", "--name")).doesNotContain("mnt-");
                assertThat(Files.list(pair.poolDir).map(p -> p.getFileName().toString()).toList())
                        .as("the twin the cancelled move made is deleted").noneMatch(f -> f.startsWith("mnt-b"));
                assertThat(api.post("/instances/" + b + "/migration/cancel", null).status()).isEqualTo(409);
            } finally {
                pair.deleteInstances(api);
            }
        } finally {
            for (String name : names) {
                pair.removeLeftovers(name);
            }
            TinyGuest.deleteTree(pool2);
        }
    }

    /** The guest's uptime in seconds, read on its serial console. */
    private static long uptime(Distribution dist, String instanceId) throws Exception {
        try (TerminalSocket console = TerminalSocket.serial(dist, instanceId)) {
            String screen = console.typeUntil("echo U$((1+1))T-$(cut -d. -f1 /proc/uptime)-E$((2+3))\r", "-E5",
                    Duration.ofSeconds(60));
            List<Long> seen = new ArrayList<>();
            Matcher m = UPTIME.matcher(screen);
            while (m.find()) {
                seen.add(Long.parseLong(m.group(1)));
            }
            assertThat(seen).as(screen).isNotEmpty();
            return seen.get(seen.size() - 1);
        }
    }
}
