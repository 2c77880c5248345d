package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.run;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.KvmPair;
import org.ovm.itests.support.TerminalSocket;

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

    @Test
    void anHaGuestOfACrashedHostRunsOnTheOtherOnceTheAdminConfirmsAndOnlyThere() throws Exception {
        KvmPair pair = new KvmPair();
        String kvmUri = pair.kvmUri;
        String kvmUri2 = pair.kvmUri2;
        String name = "ha-" + pair.suffix;
        boolean crashed = false;
        try (Distribution dist = Distribution.unpack("kvm-ha", 52650)) {
            dist.start("-Dovm.monitor.period=1 -Dovm.sync.period=2 -Dovm.storage.probe.seconds=2");
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage");
            pair.create(api);
            String host1 = pair.host1;
            String host2 = pair.host2;
            try {
                // an HA guest on the NFS pool, created on host 1 and moved to host 2
                String vm = pair.guestOnHost2(api, name);

                // host 2 loses power: SUSPECT, DOWN, NON_RESPONSIVE; nothing restarts by itself
                crashed = true;
                String crash = pair.backends("crash", "kvm2");
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
                String up = pair.backends("up", "kvm2");
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
                    pair.backends("up", "kvm2");
                }
                pair.deleteInstances(api);
            }
        } finally {
            pair.removeLeftovers(name);
        }
    }
}
