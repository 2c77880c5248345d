package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Placement on the shared distribution, each test in a zone of its own: built-in policies that
 * spread, pack or balance, policies as data (stored, edited, chosen per cluster or as the
 * default), anti-affinity, zone scope, and placed and named creates in one VDC that do not
 * deadlock.
 */
class PlacementIT extends SimulatorTestBase {


    PlacementIT(Distribution dist) {
        super(dist);
    }

    @Test
    void placementPoliciesSpreadOrPack() throws Exception {
        String zone = api.post("/zones", "{\"name\": \"placement\"}").text("id");
        for (String policy : List.of("PERFORMANCE", "PROGRESSIVE")) {
            Reply cluster = api.post("/clusters", "{\"name\": \"" + policy.toLowerCase() + "\", \"zoneId\": \""
                    + zone + "\", \"hypervisorType\": \"simulator\", \"placementPolicy\": \"" + policy + "\"}");
            assertThat(cluster.status()).isEqualTo(201);
            String clusterId = cluster.text("id");
            List<String> hosts = new ArrayList<>();
            for (int h = 0; h < 4; h++) {
                hosts.add(api.addHost("{\"name\": \"" + policy.toLowerCase() + "-h" + h + "\", \"type\": "
                        + "\"simulator\", \"uri\": \"sim://p" + h + "?cpus=8&memoryMiB=4096\", \"clusterId\": \""
                        + clusterId + "\"}"));
            }
            java.util.Map<String, Integer> perHost = new java.util.TreeMap<>();
            for (int i = 0; i < 8; i++) {
                Reply create = api.post("/instances", "{\"name\": \"" + policy.toLowerCase() + "-vm" + i
                        + "\", \"cpus\": 1, \"memoryMiB\": 1024, \"clusterId\": \"" + clusterId + "\"}");
                assertThat(create.status()).as(create.body()).isEqualTo(202);
                assertThat(api.awaitTask(create.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
                perHost.merge(api.get("/instances/" + create.text("resourceId")).text("hostId"), 1, Integer::sum);
            }
            if ("PERFORMANCE".equals(policy)) {
                assertThat(perHost.values()).as("spread").containsExactly(2, 2, 2, 2);
                // scope "named hosts": the spread stays within the list
                for (int i = 0; i < 4; i++) {
                    Reply scoped = api.post("/instances", "{\"name\": \"scoped" + i + "\", \"cpus\": 1, "
                            + "\"memoryMiB\": 512, \"clusterId\": \"" + clusterId + "\", \"hostIds\": [\""
                            + hosts.get(1) + "\", \"" + hosts.get(2) + "\"]}");
                    assertThat(api.awaitTask(scoped.text("id"), TASK_TIMEOUT).get("state").asText())
                            .isEqualTo("SUCCEEDED");
                    assertThat(api.get("/instances/" + scoped.text("resourceId")).text("hostId"))
                            .isIn(hosts.get(1), hosts.get(2));
                }
            } else {
                assertThat(perHost.values()).as("packed: 4 GiB hosts hold 4 each").containsExactly(4, 4);
            }
            Reply explain = api.post("/placements/explain", "{\"clusterId\": \"" + clusterId
                    + "\", \"cpus\": 1, \"memoryMiB\": 8192}");
            assertThat(explain.status()).isEqualTo(200);
            assertThat(explain.json().get("hosts")).hasSize(4).allSatisfy(h -> {
                assertThat(h.get("accepted").asBoolean()).isFalse();
                assertThat(h.get("reason").asText()).contains("MiB free < 8192 MiB requested");
            });
            Reply none = api.post("/instances", "{\"name\": \"too-big\", \"cpus\": 1, \"memoryMiB\": 8192, "
                    + "\"clusterId\": \"" + clusterId + "\"}");
            assertThat(none.status()).isEqualTo(409);
            assertThat(none.text("detail")).contains(policy.toLowerCase() + "-h0: memory");
            if ("PROGRESSIVE".equals(policy)) {
                // policy and ratios are editable; new ratios reach the hosts at once
                Reply changed = api.patch("/clusters/" + clusterId, "{\"memoryOvercommit\": 2.0, "
                        + "\"placementPolicy\": \"PERFORMANCE\"}");
                assertThat(changed.status()).as(changed.body()).isEqualTo(200);
                assertThat(changed.text("placementPolicy")).isEqualTo("PERFORMANCE");
                assertThat(changed.json().get("memoryOvercommit").asDouble()).isEqualTo(2.0);
                assertThat(changed.json().get("cpuOvercommit").asDouble()).as("kept").isEqualTo(4.0);
                JsonNode ranked = api.post("/placements/explain", "{\"clusterId\": \"" + clusterId
                        + "\", \"cpus\": 1, \"memoryMiB\": 8192}").json().get("hosts");
                List<Boolean> accepted = new ArrayList<>();
                ranked.forEach(h -> accepted.add(h.get("accepted").asBoolean()));
                assertThat(accepted).as("the two empty hosts now fit 8 GiB").containsExactlyInAnyOrder(true, true,
                        false, false);
                Reply badPolicy = api.patch("/clusters/" + clusterId, "{\"placementPolicy\": \"RANDOM\"}");
                assertThat(badPolicy.status()).isEqualTo(400);
                assertThat(badPolicy.text("field")).isEqualTo("placementPolicy");
                assertThat(api.patch("/clusters/" + clusterId, "{\"cpuOvercommit\": 0.5}").status()).isEqualTo(400);
                assertThat(api.patch("/clusters/no-such-cluster", "{}").status()).isEqualTo(404);
                assertThat(dist.client("ovm:cluster-set --policy PROGRESSIVE --memory-overcommit 1 " + clusterId))
                        .contains("policy PROGRESSIVE", "memory overcommit 1.0");
                // BALANCED counts the instances on each host: (2 x 38 + 84 + 100 / 5) / 4 for a
                // host with four, (2 x 88 + 97 + 100) / 4 for an empty one
                assertThat(api.patch("/clusters/" + clusterId, "{\"memoryOvercommit\": 2.0, "
                        + "\"placementPolicy\": \"BALANCED\"}").status()).isEqualTo(200);
                JsonNode balanced = api.post("/placements/explain", "{\"clusterId\": \"" + clusterId
                        + "\", \"cpus\": 1, \"memoryMiB\": 1024}").json();
                assertThat(balanced.get("policy").asText()).isEqualTo("BALANCED");
                List<Integer> scores = new ArrayList<>();
                balanced.get("hosts").forEach(h -> scores.add(h.get("score").asInt()));
                assertThat(scores).containsExactly(93, 93, 45, 45);
            }
        }
    }

    @Test
    void placementPoliciesAreDataAndAntiAffinityKeepsMembersApart() throws Exception {
        String zone = api.post("/zones", "{\"name\": \"policies\"}").text("id");
        String cluster = api.post("/clusters", "{\"name\": \"pol\", \"zoneId\": \"" + zone
                + "\", \"hypervisorType\": \"simulator\"}").json().get("id").asText();
        assertThat(api.get("/clusters/" + cluster).text("placementPolicy")).as("follows the default")
                .isEqualTo("PERFORMANCE");
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            hosts.add(api.addHost("{\"name\": \"pol-h" + h + "\", \"type\": \"simulator\", \"uri\": "
                    + "\"sim://pol" + h + "?cpus=8&memoryMiB=" + (4096 * (h + 1)) + "\", \"clusterId\": \"" + cluster
                    + "\"}"));
        }
        // a policy is data: checked against the installed plugins, stored, editable, chosen per cluster
        Reply unknown = api.post("/placement-policies", "{\"name\": \"x\", \"scorers\": {\"random\": 1}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("detail")).contains("scorer random");
        assertThat(api.post("/placement-policies", "{\"name\": \"x\", \"scorers\": {\"packing\": 0}}").status())
                .isEqualTo(400);
        assertThat(api.post("/placement-policies", "{\"name\": \"x\", \"filters\": [\"capacity\"], "
                + "\"scorers\": {\"packing\": 1}}").status()).as("mandatory filters are not listed").isEqualTo(400);
        Reply created = api.post("/placement-policies", "{\"name\": \"fewest\", \"scorers\": "
                + "{\"fewest-instances\": 3, \"free-memory\": 1}, \"parameters\": {\"tieBreak\": \"name\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String policy = created.text("id");
        assertThat(api.put("/placement-policies/PERFORMANCE", "{\"name\": \"performance\", \"scorers\": "
                + "{\"packing\": 1}}").status()).as("built-ins are read-only").isEqualTo(409);
        assertThat(api.patch("/clusters/" + cluster, "{\"placementPolicy\": \"fewest\"}").text("placementPolicy"))
                .isEqualTo(policy);
        JsonNode explained = api.post("/placements/explain", "{\"clusterId\": \"" + cluster + "\", \"cpus\": 1, "
                + "\"memoryMiB\": 1024}").json();
        assertThat(explained.get("policy").asText()).isEqualTo(policy);
        // (3 x 100 + free memory) / 4: the biggest host first
        assertThat(explained.get("hosts").get(0).get("name").asText()).isEqualTo("pol-h2");
        Reply edited = api.put("/placement-policies/" + policy, "{\"name\": \"fewest\", \"scorers\": "
                + "{\"packing\": 1}, \"parameters\": {\"tieBreak\": \"name\"}}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(api.post("/placements/explain", "{\"clusterId\": \"" + cluster + "\", \"cpus\": 1, "
                + "\"memoryMiB\": 1024}").json().get("hosts").get(0).get("name").asText())
                .as("the edit applies at once: packing prefers the fullest (smallest) host").isEqualTo("pol-h0");
        assertThat(api.delete("/placement-policies/" + policy).status()).as("used by a cluster").isEqualTo(409);
        assertThat(dist.client("ovm:policy-list")).contains("fewest", "packing", "pol");
        assertThat(dist.client("ovm:scheduler-plugins")).contains("affinity", "network-reachability",
                "free-resources");

        // anti-affinity: three members on three hosts, a fourth has nowhere to go and says why
        String group = api.post("/affinity-groups", "{\"name\": \"web\", \"kind\": \"anti-affinity\"}")
                .text("id");
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            Reply member = api.post("/instances", "{\"name\": \"web" + i + "\", \"cpus\": 1, \"memoryMiB\": 256, "
                    + "\"clusterId\": \"" + cluster + "\", \"affinityGroupId\": \"" + group + "\"}");
            assertThat(member.status()).as(member.body()).isEqualTo(202);
            assertThat(api.awaitTask(member.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            used.add(api.get("/instances/" + member.text("resourceId")).text("hostId"));
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(hosts);
        Reply fourth = api.post("/instances", "{\"name\": \"web3\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"clusterId\": \"" + cluster + "\", \"affinityGroupId\": \"" + group + "\"}");
        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.text("detail")).contains("pol-h0: already runs a member of anti-affinity group web",
                "pol-h1: already", "pol-h2: already");
        assertThat(api.get("/affinity-groups/" + group).json().get("members")).hasSize(3);
        assertThat(api.delete("/affinity-groups/" + group).status()).as("has members").isEqualTo(409);

        // zone scope: any cluster of the zone, with the default policy; a named host outside it is refused
        Reply inZone = api.post("/instances", "{\"name\": \"zoned\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"zoneId\": \"" + zone + "\", \"hostIds\": [\"" + hosts.get(1) + "\"]}");
        assertThat(inZone.status()).as(inZone.body()).isEqualTo(202);
        assertThat(api.awaitTask(inZone.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/instances/" + inZone.text("resourceId")).text("hostId")).isEqualTo(hosts.get(1));
        String elsewhere = api.addSimulatorHost("pol-elsewhere", 8, 4096);
        Reply outside = api.post("/instances", "{\"name\": \"zoned2\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"zoneId\": \"" + zone + "\", \"hostIds\": [\"" + elsewhere + "\"]}");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.text("field")).isEqualTo("hostIds");
        Reply zoneExplain = api.post("/placements/explain", "{\"zoneId\": \"" + zone + "\", \"cpus\": 1, "
                + "\"memoryMiB\": 1024}");
        assertThat(zoneExplain.json().get("hosts")).hasSize(3);
        assertThat(zoneExplain.json().get("policy").asText()).isEqualTo("PERFORMANCE");
        assertThat(dist.client("ovm:placement-explain --zone " + zone + " --memory 1024")).contains("pol-h0",
                "pol-h2", "policy PERFORMANCE");
        // the default is data too
        assertThat(api.put("/placement-policies/PROGRESSIVE/default", "").json().get("defaultPolicy").asBoolean())
                .isTrue();
        assertThat(api.post("/placements/explain", "{\"zoneId\": \"" + zone + "\", \"cpus\": 1, "
                + "\"memoryMiB\": 1024}").json().get("policy").asText()).isEqualTo("PROGRESSIVE");
        assertThat(dist.client("ovm:policy-default PERFORMANCE")).contains("performance is the default");
    }

    @Test
    void placedAndNamedCreatesInOneVdcDoNotDeadlock() throws Exception {
        // a placed create claims the host while choosing, then the VDC's quota; a create naming
        // the host must take the two in the same order, or the two kinds deadlock each other
        String zone = api.post("/zones", "{\"name\": \"lockz\"}").text("id");
        String cluster = api.post("/clusters", "{\"name\": \"lockc\", \"zoneId\": \"" + zone
                + "\", \"hypervisorType\": \"simulator\"}").text("id");
        String host = api.addHost("{\"name\": \"lock1\", \"type\": \"simulator\", \"uri\": "
                + "\"sim://lock1?cpus=64&memoryMiB=65536\", \"clusterId\": \"" + cluster + "\"}");
        String vdc = api.post("/vdcs", "{\"name\": \"lockv\", \"quota\": {\"instances\": 1000}}").text("id");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add("{\"name\": \"lock" + i + "\", \"cpus\": 1, \"memoryMiB\": 32, \"vdcId\": \"" + vdc + "\", "
                    + (i % 2 == 0 ? "\"hostId\": \"" + host : "\"clusterId\": \"" + cluster) + "\"}");
        }
        List<Reply> replies = api.postConcurrently("/instances", bodies);
        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        for (Reply reply : replies) {
            assertThat(api.awaitTask(reply.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(api.get("/vdcs/" + vdc).json().get("usage").get("instances").asInt()).isEqualTo(40);
        for (Reply reply : replies) {
            api.awaitTask(api.delete("/instances/" + reply.text("resourceId")).text("id"), TASK_TIMEOUT);
        }
    }
}
