package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

/**
 * The KVM plugin through the REST API against a real libvirtd running real QEMU guests
 * (software emulation). Needs {@code ./ovm backends up} (KVM_URI); {@code ./ovm test} does it.
 */
class KvmIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void kvmHostAndInstanceLifecycleAgreeWithVirsh() throws Exception {
        String uri = System.getenv("KVM_URI");
        assertThat(uri).as("KVM_URI: start the real backends with './ovm backends up' and export "
                + "'./ovm backends env' (./ovm test does both)").isNotBlank();
        try (Distribution dist = Distribution.unpack("kvm", 30000)) {
            dist.start();
            Api api = dist.api();
            Reply install = api.post("/plugins/ovm-plugin-kvm/install", null);
            assertThat(api.awaitTask(install.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");

            Reply add = api.post("/hosts", "{\"name\": \"kvm1\", \"type\": \"kvm\", \"uri\": \"" + uri + "\", "
                    + "\"settings\": {\"domainType\": \"qemu\"}}");
            assertThat(add.status()).isEqualTo(202);
            JsonNode connect = api.awaitTask(add.text("id"), TIMEOUT);
            assertThat(connect.get("state").asText()).as(connect.toString()).isEqualTo("SUCCEEDED");
            String hostId = add.text("resourceId");
            JsonNode host = api.get("/hosts/" + hostId).json();
            assertThat(host.get("state").asText()).isEqualTo("UP");
            assertThat(host.get("cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(host.get("memoryMiB").asLong()).isGreaterThan(1024);
            assertThat(host.get("hypervisorVersion").asText()).startsWith("QEMU ");
            assertThat(host.get("facts").get("domainType").asText()).isEqualTo("qemu");
            assertThat(host.get("settings").get("domainType").asText()).isEqualTo("qemu");

            String name = "ovm-it-" + Long.toHexString(System.nanoTime());
            Reply create = api.post("/instances", "{\"name\": \"" + name + "\", \"cpus\": 1, \"memoryMiB\": 128, "
                    + "\"hostId\": \"" + hostId + "\", \"start\": true}");
            JsonNode created = api.awaitTask(create.text("id"), TIMEOUT);
            assertThat(created.get("state").asText()).as(created.toString()).isEqualTo("SUCCEEDED");
            String id = create.text("resourceId");
            assertThat(api.get("/instances/" + id).text("state")).isEqualTo("RUNNING");
            assertThat(virsh(uri, "domstate", name)).isEqualTo("running");

            Reply stop = api.post("/instances/" + id + "/stop?force=true", null);
            assertThat(api.awaitTask(stop.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/instances/" + id).text("state")).isEqualTo("STOPPED");
            assertThat(virsh(uri, "domstate", name)).isEqualTo("shut off");

            Reply delete = api.delete("/instances/" + id);
            assertThat(api.awaitTask(delete.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(virsh(uri, "list", "--all", "--name")).doesNotContain(name);
        }
    }

    private static String virsh(String uri, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "virsh";
        command[1] = "-c";
        command[2] = uri;
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
