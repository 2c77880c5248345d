package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15 on the shared distribution: what POST /networks refuses (400 naming the field, 409 for a
 * subnet overlapping another on its VLAN), where a network is realized and the address of its DHCP
 * server, and DELETE /networks/{id} as a task that removes the network from its hosts (202), fails
 * naming a host it could not remove it from, and answers concurrent deletes with one task. The
 * simulator's opt-in network type {@code simulator-vlan} stands for a driver with VLAN and DHCP.
 */
class NetworkValidationIT extends SimulatorTestBase {

    private String hostId;
    private String poolId;

    NetworkValidationIT(Distribution dist) {
        super(dist);
    }

    @BeforeAll
    void addAHostAndAPool() throws Exception {
        hostId = api.addSimulatorHost("netval1", 8, 16384);
        poolId = api.addSimulatorPool("netval-pool", hostId);
    }

    private Reply createNetwork(Object... fields) throws Exception {
        return api.post("/networks", Json.object(fields));
    }

    private void refused(int status, String field, String detail, Object... fields) throws Exception {
        Reply reply = createNetwork(fields);
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.text("field")).as(reply.body()).isEqualTo(field);
        assertThat(reply.text("detail")).contains(detail);
    }

    private String instanceOn(String name, String networkId) throws Exception {
        Reply create = api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 64, "hostId", hostId,
                "storagePoolId", poolId, "diskGiB", 1, "nics", List.of(Map.of("networkId", networkId))));
        assertThat(create.status()).as(create.body()).isEqualTo(202);
        JsonNode task = api.awaitTask(create.text("id"), TASK_TIMEOUT);
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
        return create.text("resourceId");
    }

    private void deleteInstance(String id) throws Exception {
        Reply delete = api.delete("/instances/" + id);
        assertThat(api.awaitTask(delete.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void badNetworksAreRefusedNamingTheField() throws Exception {
        refused(400, "cidr", "must be an IPv4 subnet", "name", "nv-bad", "type", "simulator", "cidr", "10.61.0.0");
        refused(400, "cidr", "prefix must be between", "name", "nv-bad", "type", "simulator", "cidr", "10.61.0.0/31");
        refused(400, "gateway", "outside the network 10.61.0.0/24", "name", "nv-bad", "type", "simulator", "cidr",
                "10.61.0.0/24", "gateway", "10.62.0.1");
        refused(400, "rangeStart", "outside the network", "name", "nv-bad", "type", "simulator", "cidr",
                "10.61.0.0/24", "rangeStart", "10.61.1.10");
        refused(400, "rangeEnd", "outside the network", "name", "nv-bad", "type", "simulator", "cidr",
                "10.61.0.0/24", "rangeEnd", "10.61.0.255");
        refused(400, "vlan", "vlan is required for a network of type simulator-vlan", "name", "nv-bad", "type",
                "simulator-vlan", "cidr", "10.61.0.0/24");
        refused(400, "vlan", "untagged traffic is not possible", "name", "nv-bad", "type", "simulator-vlan", "vlan", 0,
                "cidr", "10.61.0.0/24");
        refused(400, "vlan", "between 1 and 4094", "name", "nv-bad", "type", "simulator-vlan", "vlan", 4095, "cidr",
                "10.61.0.0/24");
        refused(400, "ipv6Cidr", "between /48 and /128", "name", "nv-bad", "type", "simulator", "cidr", "10.61.0.0/24",
                "ipv6Cidr", "2001:db8::/32");
        assertThat(api.get("/networks?name=nv-bad").json().get("total").asInt()).isZero();

        // a driver without VLAN capability keeps untagged networks
        Reply untagged = createNetwork("name", "nv-flat", "type", "simulator", "vlan", 0, "cidr", "10.61.0.0/24",
                "ipv6Cidr", "2001:DB8:61:0::/64");
        assertThat(untagged.status()).as(untagged.body()).isEqualTo(201);
        assertThat(untagged.json().get("vlan").asInt()).isZero();
        assertThat(untagged.text("ipv6Cidr")).isEqualTo("2001:db8:61::/64");
        assertThat(untagged.json().get("realizations").isArray()).isTrue();

        // overlapping subnets on one VLAN are a conflict naming the other network; another VLAN is fine
        assertThat(createNetwork("name", "nv-v600", "type", "simulator-vlan", "vlan", 600, "cidr", "10.60.0.0/24")
                .status()).isEqualTo(201);
        refused(409, "cidr", "overlaps network nv-v600 (10.60.0.0/24) on VLAN 600", "name", "nv-v600b", "type",
                "simulator-vlan", "vlan", 600, "cidr", "10.60.0.128/25");
        refused(409, "cidr", "overlaps network nv-flat", "name", "nv-flat2", "type", "simulator", "cidr",
                "10.61.0.0/16");
        assertThat(createNetwork("name", "nv-v601", "type", "simulator-vlan", "vlan", 601, "cidr", "10.60.0.0/24")
                .status()).isEqualTo(201);
    }

    @Test
    void aNetworkIsRealizedWithADhcpAddressAndDeletedByATask() throws Exception {
        Reply created = createNetwork("name", "nv-lan", "type", "simulator-vlan", "vlan", 610, "cidr", "10.63.0.0/29",
                "gateway", "10.63.0.1");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String network = created.text("id");
        String instance = instanceOn("nv-vm", network);

        JsonNode view = api.get("/networks/" + network).json();
        assertThat(view.get("realizations")).hasSize(1);
        JsonNode realization = view.get("realizations").get(0);
        assertThat(realization.get("hostId").asText()).isEqualTo(hostId);
        assertThat(realization.get("hostName").asText()).isEqualTo("netval1");
        assertThat(realization.get("state").asText()).isEqualTo("REALIZED");
        assertThat(realization.get("portRef").asText()).isEqualTo("sim-br-610");
        assertThat(realization.get("updatedAt").asText()).isNotBlank();
        assertThat(view.get("addressesUsed").asInt()).as("the NIC's and the DHCP server's").isEqualTo(2);
        JsonNode addresses = api.get("/networks/" + network + "/addresses").json();
        assertThat(addresses).hasSize(2);
        assertThat(addresses.get(0).get("address").asText()).isEqualTo("10.63.0.2");
        assertThat(addresses.get(0).get("role").asText()).isEqualTo("nic");
        assertThat(addresses.get(0).get("instanceId").asText()).isEqualTo(instance);
        JsonNode dhcp = addresses.get(1);
        assertThat(dhcp.get("address").asText()).isEqualTo("10.63.0.3");
        assertThat(dhcp.get("role").asText()).isEqualTo("dhcp");
        assertThat(dhcp.get("hostId").asText()).isEqualTo(hostId);
        assertThat(dhcp.get("instanceId").isNull()).isTrue();

        // refused at once while the instance holds its address; the DHCP server's does not count
        Reply inUse = api.delete("/networks/" + network);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.text("detail")).contains("still has 1 address(es) in use");
        deleteInstance(instance);

        Reply delete = api.delete("/networks/" + network);
        assertThat(delete.status()).as(delete.body()).isEqualTo(202);
        assertThat(delete.text("operation")).isEqualTo("network.delete");
        assertThat(delete.text("resourceType")).isEqualTo("network");
        assertThat(delete.text("resourceName")).isEqualTo("nv-lan");
        assertThat(delete.location()).contains("tasks/" + delete.text("id"));
        assertThat(api.awaitTask(delete.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/networks/" + network).status()).isEqualTo(404);
        assertThat(api.newestEvent("network/deleted", network).get("message").asText()).contains("nv-lan deleted",
                "1 host(s)");
    }

    @Test
    void aHostThatCannotRemoveTheNetworkFailsTheTaskAndConcurrentDeletesAreOneTask() throws Exception {
        String network = created(createNetwork("name", "nv-sticky", "type", "simulator-vlan", "vlan", 620, "cidr",
                "10.64.0.0/24"));
        deleteInstance(instanceOn("nv-vm2", network));

        assertThat(dist.client("ovm:sim-fault --fail 1 unrealize")).contains("unrealize: fail next 1");
        Reply failing = api.delete("/networks/" + network);
        assertThat(failing.status()).isEqualTo(202);
        JsonNode failed = api.awaitTask(failing.text("id"), TASK_TIMEOUT);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).contains("network nv-sticky was not deleted", "host netval1",
                "simulated failure of unrealize", "delete the network again");
        JsonNode kept = api.get("/networks/" + network).json();
        assertThat(kept.get("realizations").get(0).get("state").asText()).isEqualTo("FAILED");
        assertThat(kept.get("realizations").get(0).get("reason").asText()).contains("simulated failure of unrealize");

        // slow removal: a second delete meanwhile answers with the same task
        assertThat(dist.client("ovm:sim-fault --delay 3000 unrealize")).contains("unrealize");
        Reply first = api.delete("/networks/" + network);
        Reply second = api.delete("/networks/" + network);
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.text("id")).isEqualTo(first.text("id"));
        // IPAM hands out nothing of a network being deleted
        Reply late = api.post("/instances", Json.object("name", "nv-late", "cpus", 1, "memoryMiB", 64, "hostId",
                hostId, "nics", List.of(Map.of("networkId", network))));
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.text("detail")).contains("is being deleted");
        assertThat(api.awaitTask(first.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/networks/" + network).status()).isEqualTo(404);
    }

    @Test
    void theShellDeletesThroughTheTask() throws Exception {
        String network = created(createNetwork("name", "nv-shell", "type", "simulator", "cidr", "10.65.0.0/24"));
        assertThat(dist.client("ovm:network-hosts " + network)).doesNotContain("Error");
        assertThat(dist.client("ovm:network-delete " + network)).contains("network.delete SUCCEEDED");
        assertThat(api.get("/networks/" + network).status()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentShowsTheNewShapes() throws Exception {
        JsonNode doc = api.get("/openapi.json").json();
        JsonNode delete = doc.get("paths").get("/networks/{id}").get("delete");
        assertThat(delete.get("responses").has("202")).as(delete.toString()).isTrue();
        assertThat(delete.get("responses").has("409")).isTrue();
        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(schemas.get("NetworkView").get("properties").has("ipv6Cidr")).isTrue();
        assertThat(schemas.get("NetworkView").get("properties").has("realizations")).isTrue();
        assertThat(schemas.get("NetworkRequest").get("properties").has("ipv6Cidr")).isTrue();
        assertThat(schemas.get("RealizationView").get("properties").has("hostName")).isTrue();
        assertThat(schemas.get("AddressView").get("properties").has("role")).isTrue();
        assertThat(schemas.get("AddressView").get("properties").has("hostId")).isTrue();
    }

    private static String created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.text("id");
    }
}
