package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.KvmPair;
import org.ovm.itests.support.TinyGuest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17, balancing policies, on the two real libvirt hosts: one tiny guest on each host, both lightly loaded.
 * Power saving consolidates them onto one host (a real live migration, started by {@code POST
 * /clusters/{id}/balance} or the periodic balancer, whichever comes first) and names the emptied host a candidate to
 * power off. Then the guests' CPU load is made to cross the high threshold through the balancer's test hook (the
 * load file of {@code -Dovm.balance.testLoadFile}: the "simulator for the load"), the policy becomes load balancing
 * and the periodic balancer spreads them back with a real live migration. Port base 52900.
 */
class BalancingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void powerSavingConsolidatesTwoLightlyLoadedHostsAndLoadBalancingSpreadsThemBack() throws Exception {
        KvmPair pair = new KvmPair();
        String a = "bal-a-" + pair.suffix;
        String b = "bal-b-" + pair.suffix;
        Path loads = Files.createTempFile("ovm-balance-load", ".properties");
        Files.writeString(loads, a + "=0.05\n" + b + "=0.05\n"); // 2.5% of the hosts' two cores each
        try (Distribution dist = Distribution.unpack("balancing", 52900)) {
            dist.start("-Dovm.monitor.period=2 -Dovm.sync.period=2 -Dovm.storage.probe.seconds=2 "
                    + "-Dovm.balance.period=10 -Dovm.balance.testLoadFile=" + loads);
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage");
            pair.create(api);
            try {
                String vmA = guest(api, pair, a);
                String vmB = guest(api, pair, b);
                api.finished(api.post("/instances/" + vmB + "/migrate", Json.object("hostId", pair.host2)), TIMEOUT);

                // settings: validated field by field, audited, shown
                Reply bad = api.patch("/clusters/" + pair.cluster, Json.object("balancing", Map.of("lowPercent", 90)));
                assertThat(bad.status()).as(bad.body()).isEqualTo(400);
                assertThat(bad.body()).contains("balancing.lowPercent");
                Reply set = api.patch("/clusters/" + pair.cluster, Json.object("balancing", Map.of("policy",
                        "POWER_SAVING", "maxMigrations", 2)));
                assertThat(set.status()).as(set.body()).isEqualTo(200);
                assertThat(set.json().get("balancing").get("policy").asText()).isEqualTo("POWER_SAVING");
                assertThat(set.json().get("balancing").get("highPercent").asInt()).isEqualTo(80);
                assertThat(api.audited("cluster/updated", pair.cluster, "admin", "SUCCEEDED").get("message")
                        .asText()).contains("balancing POWER_SAVING");

                // dry run: host 1 (first by name, as light as host 2) is emptied onto host 2; nothing moves
                Reply dry = api.post("/clusters/" + pair.cluster + "/balance?dryRun=true", null);
                assertThat(dry.status()).as(dry.body()).isEqualTo(200);
                JsonNode proposals = dry.json().get("moves");
                assertThat(proposals).as(dry.body()).hasSize(1);
                assertThat(proposals.get(0).get("instanceName").asText()).isEqualTo(a);
                assertThat(proposals.get(0).get("toHostId").asText()).isEqualTo(pair.host2);
                assertThat(proposals.get(0).get("status").asText()).isEqualTo("PROPOSED");
                assertThat(proposals.get(0).get("reason").asText()).contains("power saving", "below 20%");
                assertThat(api.get("/instances/" + vmA).json().get("hostId").asText()).isEqualTo(pair.host1);

                // run now (or the periodic run got there first): consolidated on host 2, live
                long started = System.nanoTime();
                Reply run = api.post("/clusters/" + pair.cluster + "/balance", null);
                assertThat(run.status()).as(run.body()).isIn(200, 409);
                api.awaitGet("/instances/" + vmA, r -> pair.host2.equals(r.text("hostId")) && "RUNNING".equals(
                        r.text("state")), TIMEOUT);
                JsonNode cluster = api.awaitGet("/clusters/" + pair.cluster, r -> r.json().get("powerOffCandidates")
                        .size() == 1, TIMEOUT).json();
                System.out.printf("power saving consolidated in %d ms%n", (System.nanoTime() - started) / 1_000_000);
                assertThat(cluster.get("powerOffCandidates").get(0).asText()).isEqualTo(pair.host1);
                assertThat(TinyGuest.run("virsh", "-c", pair.kvmUri2, "domstate", a)).isEqualTo("running");
                assertThat(TinyGuest.run("virsh", "-c", pair.kvmUri, "list", "--name")).doesNotContain("bal-");
                JsonNode balanced = awaitEvent(api, pair.cluster, "moved " + a);
                assertThat(balanced.get("message").asText()).contains("POWER_SAVING", "from kvm1-", "power-off "
                        + "candidates: kvm1-");
                assertThat(api.newestEvent("host/power-off-candidate", pair.host1).get("message").asText())
                        .contains("candidate to power off");

                // load crosses the high threshold on host 2 (90% of two cores): load balancing moves the smaller
                Files.writeString(loads, a + "=1.0\n" + b + "=0.8\n");
                started = System.nanoTime();
                assertThat(api.patch("/clusters/" + pair.cluster, Json.object("balancing", Map.of("policy",
                        "LOAD_BALANCING"))).status()).isEqualTo(200);
                api.awaitGet("/instances/" + vmB, r -> pair.host1.equals(r.text("hostId")) && "RUNNING".equals(
                        r.text("state")), TIMEOUT);
                System.out.printf("load balancing spread them in %d ms%n", (System.nanoTime() - started) / 1_000_000);
                assertThat(api.get("/instances/" + vmA).json().get("hostId").asText()).isEqualTo(pair.host2);
                assertThat(TinyGuest.run("virsh", "-c", pair.kvmUri, "domstate", b)).isEqualTo("running");
                JsonNode spread = awaitEvent(api, pair.cluster, "moved " + b);
                assertThat(spread.get("user").asText()).isEqualTo("system");
                assertThat(spread.get("message").asText()).contains("LOAD_BALANCING", "overloaded (90% CPU",
                        "above 80%", "least loaded");
                assertThat(api.get("/clusters/" + pair.cluster).json().get("powerOffCandidates")).isEmpty();

                // balanced now: the next run explains why it moves nothing
                Reply again = api.post("/clusters/" + pair.cluster + "/balance?dryRun=true", null);
                assertThat(again.json().get("moves")).isEmpty();
                assertThat(again.json().get("notes").toString()).contains("no host is above the high threshold 80%");
                assertThat(dist.client("ovm:cluster-balance --dry-run " + pair.cluster)).contains("LOAD_BALANCING",
                        "dry run", "no host is above the high threshold 80%");
            } finally {
                pair.deleteInstances(api);
            }
        } finally {
            pair.removeLeftovers(a);
            pair.removeLeftovers(b);
            Files.deleteIfExists(loads);
        }
    }

    private static String guest(Api api, KvmPair pair, String name) throws Exception {
        return api.finished(api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 128, "hostId",
                pair.host1, "imageId", pair.image, "storagePoolId", pair.nfsPool, "cloneMode", "full", "start",
                true)), TIMEOUT);
    }

    /** The newest {@code cluster/balanced} event of the cluster whose message contains {@code text}. */
    private static JsonNode awaitEvent(Api api, String cluster, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (JsonNode e : api.get("/events?limit=500&topic=cluster/balanced").json().get("items")) {
                if (cluster.equals(e.path("resourceId").asText()) && e.get("message").asText().contains(text)) {
                    return e;
                }
            }
            assertThat(System.nanoTime()).as("event cluster/balanced with " + text).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
