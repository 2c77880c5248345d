package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.KvmPair;
import org.ovm.itests.support.TerminalSocket;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17, fencing, on real libvirt with OpenIPMI's simulated BMCs ({@code ./ovm backends up ipmi}: the BMC of
 * host 2 powers it off with {@code ./ovm backends crash kvm2} and on with {@code ./ovm backends up kvm2}). Host 2's
 * power management is checked (400s, a wrong password, a test that reads the power), then a split brain:
 * {@code ./ovm backends isolate kvm2} kills only host 2's libvirtd, its HA guest (disk on the NFS pool) keeps
 * running. The engine fences host 2 through its BMC by itself, and only once the BMC reports the power off does the
 * guest start on host 1: a watcher that lists the guest's QEMU processes every 50 ms never sees two. Then host 2 is
 * powered on again, answers, and its shut-off copy of the guest is removed. Then a power loss: the guest moves back
 * to host 2, {@code ./ovm backends crash kvm2}, and it is fenced (the BMC reports off at once) and restarted on host 1
 * again, never twice; both times are printed. This test stops and starts the kvm2
 * backend: run it alone ({@code -Dovm.backends.repo} names the checkout whose {@code ./ovm backends} run). Port base
 * 52800.
 */
class KvmFenceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    @Test
    void anIsolatedHostIsFencedThroughItsBmcBeforeItsHaGuestRunsElsewhereAndNeverTwice() throws Exception {
        KvmPair pair = new KvmPair();
        String bmc = System.getenv("OVM_IPMI_KVM2");
        String passwordFile = System.getenv("OVM_IPMI_PASSWORD_FILE");
        assertThat(bmc).as("OVM_IPMI_KVM2 (the ipmi backend): " + KvmPair.SETUP).isNotBlank();
        String password = Files.readString(Paths.get(passwordFile)).strip();
        String address = bmc.substring(0, bmc.lastIndexOf(':'));
        int port = Integer.parseInt(bmc.substring(bmc.lastIndexOf(':') + 1));
        String name = "fence-" + pair.suffix;
        boolean down = false;
        try (Distribution dist = Distribution.unpack("kvm-fence", 52800)) {
            dist.start("-Dovm.monitor.period=1 -Dovm.sync.period=2 -Dovm.storage.probe.seconds=2");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage",
                    "ovm-plugin-ipmi-fence");
            pair.create(api);
            String host1 = pair.host1;
            String host2 = pair.host2;
            String pm = "/hosts/" + host2 + "/power-management";
            Map<String, String> settings = Map.of("cipherSuite", "3");
            try {
                // bad input names the field; a wrong password says so; nothing is stored meanwhile
                Reply noAddress = api.put(pm, Json.object("type", "ipmi", "username", "ovmfence", "password", "x"));
                assertThat(noAddress.status()).as(noAddress.body()).isEqualTo(400);
                assertThat(noAddress.text("field")).isEqualTo("address");
                Reply option = api.put(pm, Json.object("type", "ipmi", "address", "-H", "username", "u", "password",
                        "x"));
                assertThat(option.status()).as(option.body()).isEqualTo(400);
                Reply wrong = api.post(pm + "/test", Json.object("type", "ipmi", "address", address, "port", port,
                        "username", "ovmfence", "password", "not-the-password", "settings", settings));
                assertThat(wrong.status()).as(wrong.body()).isEqualTo(502);
                assertThat(wrong.body()).contains("password").doesNotContain(password);
                assertThat(api.get("/hosts/" + host2).json().get("powerManagement").isNull()).isTrue();

                // the right settings: the test reads the power, the host shows them without the password
                Reply tested = api.post(pm + "/test", Json.object("type", "ipmi", "address", address, "port", port,
                        "username", "ovmfence", "password", password, "settings", settings));
                assertThat(tested.status()).as(tested.body()).isEqualTo(200);
                assertThat(tested.text("status")).isEqualTo("ON");
                Reply saved = api.put(pm, Json.object("type", "ipmi", "address", address, "port", port, "username",
                        "ovmfence", "password", password, "settings", settings));
                assertThat(saved.status()).as(saved.body()).isEqualTo(200);
                assertThat(saved.body()).doesNotContain(password);
                JsonNode power = saved.json().get("powerManagement");
                assertThat(power.get("passwordSet").asBoolean()).isTrue();
                assertThat(power.get("port").asInt()).isEqualTo(port);
                api.audited("host/power-management-updated", host2, "admin", "SUCCEEDED");
                assertThat(api.post(pm + "/test", null).text("status")).isEqualTo("ON");

                String vm = pair.guestOnHost2(api, name);
                List<Long> before = qemus(name);
                assertThat(before).as("the guest's QEMU on host 2").hasSize(1);

                // split brain: host 2's management path is cut, its guest keeps running
                TwiceWatcher watcher = new TwiceWatcher(name);
                down = true;
                long isolated = System.nanoTime();
                String isolate = pair.backends("isolate", "kvm2");
                assertThat(qemus(name)).as(isolate).isEqualTo(before);

                // fenced by itself, then restarted on host 1, then powered on again
                JsonNode fenced = api.awaitGet("/events?topic=host/fenced&resourceId=" + host2,
                        r -> r.json().get("total").asInt() > 0, Duration.ofSeconds(90)).json().get("items").get(0);
                api.awaitGet("/instances/" + vm, r -> host1.equals(r.text("hostId"))
                        && "RUNNING".equals(r.text("state")), TIMEOUT);
                long running = System.nanoTime();
                assertThat(run("virsh", "-c", pair.kvmUri, "domstate", name)).isEqualTo("running");
                assertThat(fenced.get("message").asText()).contains("reports the power off");
                JsonNode restarted = api.newestEvent("instance/ha-restarted", vm);
                assertThat(restarted.get("message").asText()).contains("power management (ipmi)");
                assertThat(restarted.get("time").asText()).isGreaterThan(fenced.get("time").asText());
                assertThat(api.newestEvent("host/suspect", host2)).isNotNull();
                assertThat(api.newestEvent("host/down", host2)).isNotNull();
                JsonNode fenceTask = api.get("/tasks?operation=host.fence&resourceId=" + host2).json().get("items")
                        .get(0);
                assertThat(api.awaitTask(fenceTask.get("id").asText(), TIMEOUT).get("state").asText())
                        .isEqualTo("SUCCEEDED");
                try (TerminalSocket console = TerminalSocket.serial(dist, vm)) {
                    assertThat(console.typeUntil("echo fenced-$((6*7))\r", "fenced-42", Duration.ofSeconds(90)))
                            .contains("fenced-42");
                }
                System.out.printf("KvmFenceIT: isolate to the guest RUNNING on host 1 in %.1f s%n",
                        (running - isolated) / 1e9);

                // host 2 was powered on again: it answers, its shut-off copy is removed, the guest runs once
                api.awaitGet("/hosts/" + host2, r -> "UP".equals(r.text("state")), Duration.ofSeconds(120));
                down = false;
                api.awaitGet("/events?topic=instance/ha-leftover-removed&resourceId=" + vm,
                        r -> r.json().get("total").asInt() > 0, Duration.ofSeconds(60));
                assertThat(watcher.stop()).as("moments the guest ran twice").isEmpty();
                assertThat(api.newestEvent("host/powered-on", host2)).isNotNull();
                assertThat(run("virsh", "-c", pair.kvmUri2, "list", "--all", "--name")).doesNotContain(name);
                assertThat(qemus(name)).hasSize(1).doesNotContainAnyElementsOf(before);
                assertThat(api.get("/hosts/" + host2).json().get("fencedAt").isNull()).as("lapses when UP").isTrue();

                // a power loss this time: back to host 2, crash it; fenced (already off) and restarted on host 1
                api.finished(api.post("/instances/" + vm + "/migrate", Json.object("hostId", host2)), TIMEOUT);
                List<Long> second = qemus(name);
                TwiceWatcher watcher2 = new TwiceWatcher(name);
                int fencedBefore = api.get("/events?topic=host/fenced&resourceId=" + host2).json().get("total")
                        .asInt();
                down = true;
                long crashed = System.nanoTime();
                String crash = pair.backends("crash", "kvm2");
                assertThat(qemus(name)).as(crash).doesNotContainAnyElementsOf(second);
                api.awaitGet("/instances/" + vm, r -> host1.equals(r.text("hostId"))
                        && "RUNNING".equals(r.text("state")), TIMEOUT);
                System.out.printf("KvmFenceIT: crash to the guest RUNNING on host 1 in %.1f s%n",
                        (System.nanoTime() - crashed) / 1e9);
                assertThat(api.get("/events?topic=host/fenced&resourceId=" + host2).json().get("total").asInt())
                        .isEqualTo(fencedBefore + 1);
                api.awaitGet("/hosts/" + host2, r -> "UP".equals(r.text("state")), Duration.ofSeconds(120));
                down = false;
                assertThat(watcher2.stop()).as("moments the guest ran twice").isEmpty();
                assertThat(qemus(name)).hasSize(1);
                assertThat(run("virsh", "-c", pair.kvmUri, "domstate", name)).isEqualTo("running");
            } finally {
                if (down) {
                    pair.backends("up", "kvm2");
                }
                pair.deleteInstances(api);
            }
        } finally {
            pair.removeLeftovers(name);
        }
    }

    /** Lists the guest's QEMU processes every 50 ms on a thread of its own; {@link #stop} returns when there were two. */
    private static final class TwiceWatcher {
        private final List<String> twice = new CopyOnWriteArrayList<>();
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final Thread thread;

        TwiceWatcher(String name) {
            thread = new Thread(() -> {
                while (watching.get()) {
                    List<Long> now = qemus(name);
                    if (now.size() > 1) {
                        twice.add(now.toString());
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "qemu-watcher");
            thread.start();
        }

        List<String> stop() throws InterruptedException {
            watching.set(false);
            thread.join();
            return twice;
        }
    }

    /** The PIDs of the QEMU processes running guest {@code name}, on either host (one process table). */
    static List<Long> qemus(String name) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (cmdline.contains("qemu-system") && cmdline.contains("guest=" + name + ",")) {
                    pids.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }
}
