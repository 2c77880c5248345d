package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Security groups on the shared distribution (issue 15): CRUD with refusals naming the field, users
 * kept in their VDC and admins anywhere, NICs joining groups at create and by PUT, the policies the
 * simulator's network driver is given (remote groups resolved to members' addresses), the 409 for a
 * group in use, a refused policy failing its task, the audit events and the shell commands.
 */
class SecurityGroupIT extends SimulatorTestBase {

    private String hostId;
    private String poolId;
    private String network;
    private String vdcA;
    private String vdcB;
    private Api alice;
    private Api bob;

    SecurityGroupIT(Distribution dist) {
        super(dist);
    }

    @BeforeAll
    void setUp() throws Exception {
        hostId = api.addSimulatorHost("sg-host", 16, 32768);
        poolId = api.addSimulatorPool("sg-pool", hostId);
        network = Api.created(api.post("/networks", Json.object("name", "sg-lan", "type", "simulator", "vlan", 41,
                "cidr", "10.41.0.0/24", "gateway", "10.41.0.1")));
        vdcA = Api.created(api.post("/vdcs", Json.object("name", "sg-a")));
        vdcB = Api.created(api.post("/vdcs", Json.object("name", "sg-b")));
        Api.created(api.post("/users", Json.object("username", "sg-alice", "password", "Sg-alice-pw-1", "role", "user",
                "vdcId", vdcA)));
        Api.created(api.post("/users", Json.object("username", "sg-bob", "password", "Sg-bob-pw-1", "role", "user",
                "vdcId", vdcB)));
        alice = new Api(dist.baseUrl(), "sg-alice", "Sg-alice-pw-1");
        bob = new Api(dist.baseUrl(), "sg-bob", "Sg-bob-pw-1");
    }

    private static void problem(Reply reply, int status, String field, String words) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(reply.text("field")).as(reply.body()).isEqualTo(field);
        }
        assertThat(reply.text("detail")).contains(words);
    }

    private Reply rule(Api as, String group, Object... pairs) throws Exception {
        return as.post("/security-groups/" + group + "/rules", Json.object(pairs));
    }

    private String instance(Api as, String name, List<String> groups) throws Exception {
        Reply create = as.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 64, "hostId", hostId,
                "storagePoolId", poolId, "diskGiB", 1, "nics", List.of(Map.of("networkId", network,
                        "securityGroupIds", groups))));
        return api.finished(create, TASK_TIMEOUT);
    }

    private JsonNode nic(String instanceId) throws Exception {
        return api.get("/instances/" + instanceId).json().get("nics").get(0);
    }

    /** The simulator's record of a NIC's policy: {@code policy <mac> <ip> filtered in=[...] out=[...]}. */
    private String policy(String instanceId) throws Exception {
        String mac = nic(instanceId).get("mac").asText();
        return dist.client("ovm:sim-status --network " + network).lines().filter(l -> l.contains("policy " + mac))
                .findFirst().orElse("no policy for " + mac);
    }

    private JsonNode put(Api as, String instanceId, int index, List<String> groups, String expectedState)
            throws Exception {
        Reply put = as.put("/instances/" + instanceId + "/nics/" + index + "/security-groups",
                Json.object("securityGroupIds", groups));
        assertThat(put.status()).as(put.body()).isEqualTo(202);
        assertThat(put.location()).contains("tasks/" + put.text("id"));
        JsonNode task = api.awaitTask(put.text("id"), TASK_TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo(expectedState);
        return task;
    }

    @Test
    void groupsAndRulesAreCheckedAndKeptInTheirVdc() throws Exception {
        Reply created = alice.post("/security-groups", Json.object("name", "web", "description", "front ends"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).endsWith("security-groups/" + created.text("id"));
        String web = created.text("id");
        assertThat(created.text("vdcId")).isEqualTo(vdcA);
        assertThat(created.json().get("rules")).isEmpty();
        assertThat(created.json().get("members")).isEmpty();
        api.audited("security-group/created", web, "sg-alice", "SUCCEEDED");

        problem(api.post("/security-groups", Json.object("name", "adm")), 400, "vdcId", "vdcId is required");
        problem(alice.post("/security-groups", Json.object("name", "x", "vdcId", vdcB)), 403, null, "own VDC");
        problem(alice.post("/security-groups", Json.object("name", "web")), 409, "name", "already exists");
        problem(alice.post("/security-groups", Json.object("name", "bad name")), 400, "name", "invalid");
        String bobs = Api.created(bob.post("/security-groups", Json.object("name", "web")));
        String admins = Api.created(api.post("/security-groups", Json.object("name", "ops", "vdcId", vdcB)));

        // users see and touch only their VDC's groups; admins every VDC's
        problem(alice.get("/security-groups/" + bobs), 404, null, "does not exist");
        problem(alice.patch("/security-groups/" + bobs, Json.object("name", "mine")), 404, null, "does not exist");
        problem(alice.delete("/security-groups/" + bobs), 404, null, "does not exist");
        problem(rule(alice, bobs, "direction", "ingress", "protocol", "tcp"), 404, null, "does not exist");
        assertThat(alice.get("/security-groups").json().get("items").findValuesAsText("id")).containsExactly(web);
        assertThat(bob.get("/security-groups?sort=-name").json().get("items").findValuesAsText("name"))
                .containsExactly("web", "ops");
        JsonNode all = api.get("/security-groups?q=web&vdcId=" + vdcB).json();
        assertThat(all.get("total").asInt()).isEqualTo(1);
        assertThat(all.get("items").get(0).get("id").asText()).isEqualTo(bobs);
        problem(api.get("/security-groups?colour=red"), 400, "colour", "unknown filter");
        assertThat(api.get("/security-groups/" + web).status()).isEqualTo(200);

        Reply renamed = alice.patch("/security-groups/" + web, Json.object("name", "frontend"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("frontend");
        assertThat(renamed.text("description")).isEqualTo("front ends");
        Api.created(alice.post("/security-groups", Json.object("name", "db")));
        problem(alice.patch("/security-groups/" + web, Json.object("name", "db")), 409, "name", "already exists");
        api.audited("security-group/updated", web, "sg-alice", "SUCCEEDED");

        // rules: refusals name the field
        problem(rule(alice, web, "direction", "ingress", "protocol", "gre"), 400, "protocol", "tcp, udp, icmp or any");
        problem(rule(alice, web, "direction", "sideways", "protocol", "tcp"), 400, "direction", "ingress");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "portMin", 0), 400, "portMin",
                "between 1 and 65535");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "portMin", 1, "portMax", 70000), 400,
                "portMax", "between 1 and 65535");
        problem(rule(alice, web, "direction", "ingress", "protocol", "udp", "portMin", 90, "portMax", 80), 400,
                "portMax", "below portMin");
        problem(rule(alice, web, "direction", "ingress", "protocol", "icmp", "portMin", 8), 400, "portMin",
                "tcp and udp only");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "remoteCidr", "10.0.0.0/40"), 400,
                "remoteCidr", "/40");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "remoteCidr", "10.0.0.1/24"), 400,
                "remoteCidr", "host bits");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "remoteCidr", "10.0.0.0/8",
                "remoteGroupId", web), 400, "remoteGroupId", "not both");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "remoteGroupId", bobs), 400,
                "remoteGroupId", "does not exist");
        problem(rule(api, web, "direction", "ingress", "protocol", "tcp", "remoteGroupId", admins), 400,
                "remoteGroupId", "another VDC");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "size", 1), 400, "size", "");

        Reply https = rule(alice, web, "direction", "ingress", "protocol", "tcp", "portMin", 443);
        assertThat(https.status()).as(https.body()).isEqualTo(201);
        assertThat(https.json().get("portMax").asInt()).isEqualTo(443);
        assertThat(https.text("remoteCidr")).isEqualTo("0.0.0.0/0");
        problem(rule(alice, web, "direction", "ingress", "protocol", "tcp", "portMin", 443, "portMax", 443), 409,
                null, "has this rule already");
        Reply anyOut = rule(alice, web, "direction", "egress", "protocol", "any");
        assertThat(anyOut.status()).isEqualTo(201);
        assertThat(anyOut.json().get("portMin").isNull()).isTrue();
        assertThat(alice.get("/security-groups/" + web).json().get("rules").findValuesAsText("id"))
                .containsExactly(https.text("id"), anyOut.text("id"));
        api.audited("security-group/rule-added", web, "sg-alice", "SUCCEEDED");
        assertThat(alice.delete("/security-groups/" + web + "/rules/" + anyOut.text("id")).status()).isEqualTo(204);
        problem(alice.delete("/security-groups/" + web + "/rules/" + anyOut.text("id")), 404, null, "does not exist");
        api.audited("security-group/rule-removed", web, "sg-alice", "SUCCEEDED");
        assertThat(alice.get("/tasks?resourceId=" + web).json().get("total").asInt()).as("no NIC: no task").isZero();

        assertThat(alice.delete("/security-groups/" + web).status()).isEqualTo(204);
        api.audited("security-group/deleted", web, "sg-alice", "SUCCEEDED");
        problem(alice.get("/security-groups/" + web), 404, null, "does not exist");
    }

    @Test
    void nicsJoinGroupsAndTheirPoliciesFollowEveryChange() throws Exception {
        String web = Api.created(alice.post("/security-groups", Json.object("name", "sg-web")));
        String db = Api.created(alice.post("/security-groups", Json.object("name", "sg-db")));
        String bobs = Api.created(bob.post("/security-groups", Json.object("name", "sg-web")));
        assertThat(rule(alice, web, "direction", "ingress", "protocol", "tcp", "portMin", 443).status()).isEqualTo(201);
        assertThat(rule(alice, db, "direction", "ingress", "protocol", "tcp", "portMin", 5432, "remoteGroupId", web)
                .status()).isEqualTo(201);

        // a group of another VDC is refused before anything is claimed
        Reply foreign = alice.post("/instances", Json.object("name", "sg-foreign", "cpus", 1, "memoryMiB", 64,
                "hostId", hostId, "nics", List.of(Map.of("networkId", network, "securityGroupIds", List.of(bobs)))));
        problem(foreign, 400, "nics.securityGroupIds", "does not exist in the instance's VDC");
        assertThat(api.get("/instances?name=sg-foreign").json().get("total").asInt()).isZero();
        assertThat(api.get("/vdcs/" + vdcA).json().get("usage").get("ips").asInt()).isZero();

        String web1 = instance(alice, "sg-web1", List.of(web));
        String db1 = instance(alice, "sg-db1", List.of(db));
        String plain = instance(alice, "sg-plain", List.of());
        assertThat(nic(web1).get("securityGroupIds").get(0).asText()).isEqualTo(web);
        assertThat(nic(plain).get("securityGroupIds")).isEmpty();
        String web1Ip = nic(web1).get("ip").asText();
        assertThat(policy(web1)).contains(" filtered in=[tcp:443-443@0.0.0.0/0] out=[]");
        assertThat(policy(db1)).contains(" filtered in=[tcp:5432-5432@" + web1Ip + "/32] out=[]");
        assertThat(policy(plain)).contains(" unfiltered in=[] out=[]");
        JsonNode group = alice.get("/security-groups/" + web).json();
        assertThat(group.get("members").get(0).get("instanceName").asText()).isEqualTo("sg-web1");
        assertThat(group.get("members").get(0).get("nicIndex").asInt()).isZero();

        // a group NICs are in cannot go: 409 naming the instances
        problem(alice.delete("/security-groups/" + web), 409, null, "sg-web1");

        // PUT: another VDC's instance is not found, a NIC it lacks neither, another VDC's group is refused
        String path = "/instances/" + web1 + "/nics/0/security-groups";
        problem(bob.put(path, Json.object("securityGroupIds", List.of(bobs))), 404, null, "does not exist");
        problem(alice.put("/instances/" + web1 + "/nics/7/security-groups", Json.object("securityGroupIds",
                List.of())), 404, null, "no NIC 7");
        problem(alice.put(path, Json.object("securityGroupIds", List.of(bobs))), 400, "securityGroupIds",
                "does not exist");
        problem(alice.put(path, "{}"), 400, "securityGroupIds", "required");

        // web1 leaves web: unfiltered, and db1's rule naming web no longer lets it in
        JsonNode task = put(alice, web1, 0, List.of(), "SUCCEEDED");
        assertThat(task.get("operation").asText()).isEqualTo("instance.nic-security-groups");
        assertThat(task.get("resourceName").asText()).isEqualTo("sg-web1");
        assertThat(policy(web1)).contains(" unfiltered in=[] out=[]");
        assertThat(policy(db1)).contains(" filtered in=[] out=[]");
        api.audited("instance/nic-security-groups", web1, "sg-alice", "SUCCEEDED");
        put(api, web1, 0, List.of(web, db), "SUCCEEDED");
        assertThat(nic(web1).get("securityGroupIds").size()).isEqualTo(2);
        assertThat(policy(db1)).contains(" filtered in=[tcp:5432-5432@" + web1Ip + "/32] out=[]");
        assertThat(policy(web1)).contains("in=[tcp:443-443@0.0.0.0/0,tcp:5432-5432@" + web1Ip + "/32]");

        // a rule change re-applies the group's NICs by a task on the group
        assertThat(rule(alice, db, "direction", "egress", "protocol", "udp", "portMin", 53, "remoteCidr",
                "10.41.0.1/32").status()).isEqualTo(201);
        Reply tasks = alice.awaitGet("/tasks?resourceId=" + db + "&operation=security-group.apply",
                r -> r.json().get("items").size() > 0 && !r.json().get("items").get(0).get("state").asText()
                        .matches("QUEUED|RUNNING"), TASK_TIMEOUT);
        assertThat(tasks.json().get("items").get(0).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(tasks.json().get("items").get(0).get("resourceName").asText()).isEqualTo("sg-db");
        assertThat(policy(db1)).contains("out=[udp:53-53@10.41.0.1/32]");

        // a driver that fails makes the change's task fail with its message
        assertThat(dist.client("ovm:sim-fault --fail 1 applyPortPolicy")).contains("applyPortPolicy: fail next 1");
        JsonNode failed = put(alice, plain, 0, List.of(web), "FAILED");
        assertThat(failed.get("error").asText()).contains("NIC 0 of instance sg-plain",
                "simulated failure of applyPortPolicy");
        put(alice, plain, 0, List.of(), "SUCCEEDED");

        // the shell: list, a rule by port, a NIC's groups
        assertThat(dist.client("ovm:security-group-list --rules")).contains("sg-web", "sg-web1/nic0",
                "ingress tcp 443 from 0.0.0.0/0");
        assertThat(dist.client("ovm:security-group-rule-add --protocol tcp --port 8000-8080 " + web))
                .contains("ingress tcp 8000-8080 from 0.0.0.0/0");
        assertThat(dist.client("ovm:instance-nic-groups " + plain + " 0 " + web)).contains("SUCCEEDED");
        assertThat(policy(plain)).contains("tcp:8000-8080@0.0.0.0/0");
        assertThat(dist.client("ovm:security-group-create --vdc " + vdcA + " shell-group")).contains("security group");
        assertThat(dist.client("ovm:security-group-create shell-group2")).contains("vdcId is required");

        // deleting the instances takes their NICs out; then the groups can go, and no policy is left
        for (String id : List.of(web1, db1, plain)) {
            assertThat(api.awaitTask(api.delete("/instances/" + id).text("id"), TASK_TIMEOUT).get("state").asText())
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(dist.client("ovm:sim-status --network " + network)).doesNotContain("policy ");
        problem(alice.delete("/security-groups/" + web), 409, null, "remote group of rules of sg-db");
        assertThat(alice.delete("/security-groups/" + db).status()).isEqualTo(204);
        assertThat(alice.delete("/security-groups/" + web).status()).isEqualTo(204);
    }
}
