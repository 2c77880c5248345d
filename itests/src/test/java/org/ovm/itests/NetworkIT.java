package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Networks on the shared distribution: input checked before anything exists, addresses handed
 * out (next free or fixed) and reserved in the backend, the VDC's address quota, and a failed
 * network step that gives back the disk, the addresses and every quota claim.
 */
class NetworkIT extends SimulatorTestBase {

    private String hostId;

    NetworkIT(Distribution dist) {
        super(dist);
    }

    @BeforeAll
    void addAHost() throws Exception {
        hostId = api.addSimulatorHost("net1", 8, 16384);
    }

    @Test
    void networksHandOutAddressesAndAFailedNetworkStepLeavesNothingBehind() throws Exception {
        Reply pool = api.post("/storage-pools", "{\"name\": \"ipam-pool\", \"type\": \"simulator\", \"uri\": "
                + "\"sim://ipam-pool\", \"hostId\": \"" + hostId + "\"}");
        assertThat(api.awaitTask(pool.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String poolId = pool.text("resourceId");
        // bad input is refused before anything exists
        for (String bad : List.of("\"cidr\": \"10.30.0.1/24\"", "\"cidr\": \"10.30.0.0/24\", \"gateway\": \"10.31.0.1\"",
                "\"cidr\": \"10.30.0.0/24\", \"vlan\": 5000", "\"cidr\": \"10.30.0.0/24\", \"rangeStart\": "
                        + "\"10.30.0.9\", \"rangeEnd\": \"10.30.0.3\"")) {
            Reply refused = api.post("/networks", "{\"name\": \"bad\", \"type\": \"simulator\", " + bad + "}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
        }
        assertThat(api.post("/networks", "{\"name\": \"nodriver\", \"type\": \"ovs\", \"cidr\": "
                + "\"10.30.0.0/24\"}").status()).isEqualTo(503);
        Reply lan = api.post("/networks", "{\"name\": \"lan\", \"type\": \"simulator\", \"vlan\": 30, "
                + "\"cidr\": \"10.30.0.0/29\", \"gateway\": \"10.30.0.1\", \"dns\": \"10.30.0.1\"}");
        assertThat(lan.status()).as(lan.body()).isEqualTo(201);
        String network = lan.text("id");
        assertThat(lan.text("rangeStart")).isEqualTo("10.30.0.2");
        assertThat(lan.json().get("addressesTotal").asInt()).isEqualTo(5);
        String vdc = api.post("/vdcs", "{\"name\": \"ipam\", \"quota\": {\"ips\": 3}}").text("id");

        // two NICs: the next free address and a fixed one, both reserved in the backend
        Reply create = api.post("/instances", "{\"name\": \"two-nics\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"vdcId\": \"" + vdc + "\", \"storagePoolId\": \"" + poolId
                + "\", \"diskGiB\": 1, \"nics\": [{\"networkId\": \"" + network + "\"}, {\"networkId\": \""
                + network + "\", \"ip\": \"10.30.0.6\"}]}");
        assertThat(create.status()).as(create.body()).isEqualTo(202);
        assertThat(api.awaitTask(create.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String instance = create.text("resourceId");
        JsonNode nics = api.get("/instances/" + instance).json().get("nics");
        assertThat(nics).hasSize(2);
        assertThat(nics.get(0).get("ip").asText()).isEqualTo("10.30.0.2");
        assertThat(nics.get(1).get("ip").asText()).isEqualTo("10.30.0.6");
        assertThat(nics.get(0).get("mac").asText()).matches("52:54:00(:[0-9a-f]{2}){3}");
        assertThat(api.get("/vdcs/" + vdc).json().get("usage").get("ips").asInt()).isEqualTo(2);
        assertThat(dist.client("ovm:sim-status --network " + network)).contains("reservations: 2");
        assertThat(dist.client("ovm:network-addresses " + network)).contains("10.30.0.2", "10.30.0.6");
        assertThat(dist.client("ovm:vdc-quota --max-ips 3 " + vdc)).contains("IPs 2 / 3");
        // a taken fixed address and the VDC's address quota are 409s that claim nothing
        Reply taken = api.post("/instances", "{\"name\": \"same-ip\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"nics\": [{\"networkId\": \"" + network + "\", \"ip\": "
                + "\"10.30.0.6\"}]}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.text("detail")).contains("10.30.0.6", "already in use");
        Reply overQuota = api.post("/instances", "{\"name\": \"over\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"vdcId\": \"" + vdc + "\", \"nics\": [{\"networkId\": \""
                + network + "\"}, {\"networkId\": \"" + network + "\"}]}");
        assertThat(overQuota.status()).isEqualTo(409);
        assertThat(overQuota.text("field")).isEqualTo("ips");
        assertThat(api.get("/instances?name=over").json().get("total").asInt()).isZero();
        assertThat(api.delete("/networks/" + network).status()).as("in use").isEqualTo(409);

        // the network step fails: the disk, the addresses and every quota claim are given back
        assertThat(dist.client("ovm:sim-fault --fail 1 reserveAddress")).contains("reserveAddress: fail next 1");
        Reply doomed = api.post("/instances", "{\"name\": \"net-doomed\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"vdcId\": \"" + vdc + "\", \"storagePoolId\": \"" + poolId
                + "\", \"diskGiB\": 1, \"nics\": [{\"networkId\": \"" + network + "\"}]}");
        JsonNode failed = api.awaitTask(doomed.text("id"), TASK_TIMEOUT);
        assertThat(failed.get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(failed.get("error").asText()).contains("simulated failure of reserveAddress");
        assertThat(failed.get("steps").toString()).contains("\"name\":\"disk\",\"state\":\"COMPENSATED\"");
        assertThat(api.get("/instances?name=net-doomed").json().get("total").asInt()).isZero();
        assertThat(api.get("/volumes?poolId=" + poolId).json().get("total").asInt()).as("only two-nics' disk")
                .isEqualTo(1);
        assertThat(dist.client("ovm:sim-status --pool " + poolId + " --network " + network))
                .contains("volumes: 1", "reservations: 2");
        assertThat(api.get("/networks/" + network).json().get("addressesUsed").asInt()).isEqualTo(2);
        JsonNode usage = api.get("/vdcs/" + vdc).json().get("usage");
        assertThat(usage.get("ips").asInt()).isEqualTo(2);
        assertThat(usage.get("instances").asInt()).isEqualTo(1);
        assertThat(usage.get("diskGiB").asInt()).isEqualTo(1);

        // delete gives everything back; the network can go then
        Reply delete = api.delete("/instances/" + instance);
        assertThat(api.awaitTask(delete.text("id"), TASK_TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/networks/" + network + "/addresses").json()).isEmpty();
        assertThat(dist.client("ovm:sim-status --pool " + poolId + " --network " + network))
                .contains("volumes: 0", "reservations: 0");
        usage = api.get("/vdcs/" + vdc).json().get("usage");
        assertThat(List.of(usage.get("ips").asInt(), usage.get("instances").asInt(), usage.get("diskGiB").asInt(),
                usage.get("cpus").asInt())).containsOnly(0);
        assertThat(dist.client("ovm:network-delete " + network)).contains("network.delete SUCCEEDED");
        assertThat(dist.client("ovm:network-add --type simulator --cidr 10.31.0.0/24 --vlan 31 shell-lan"))
                .contains("10.31.0.1-10.31.0.254", "254 addresses");
    }
}
