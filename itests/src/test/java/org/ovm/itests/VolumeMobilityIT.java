package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.deleteTree;
import static org.ovm.itests.support.TinyGuest.run;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.SharedDistribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Volume copy and move between two local pools of one real KVM host (KVM_URI), through the local
 * storage driver's VolumeTransferSupport and qemu-img in the engine: the copy and the moved volume
 * are byte-identical to the source ({@code qemu-img compare}), the copy claims the VDC's disk quota,
 * the move keeps the volume's id and name and removes the old file. Instance migration and storage
 * live migration need a shared (NFS) pool and two hosts: the acceptance test {@code NfsStorageIT}
 * covers them.
 */
@ExtendWith(SharedDistribution.class)
class VolumeMobilityIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final String uri = System.getenv("KVM_URI");
    private final String stamp = Long.toHexString(System.nanoTime());
    private final Path dirA = Paths.get("/var/lib/ovm-it/pools/i16-kmob-a-" + stamp);
    private final Path dirB = Paths.get("/var/lib/ovm-it/pools/i16-kmob-b-" + stamp);

    private final Api api;
    private String poolA;
    private String poolB;

    VolumeMobilityIT(Api api) {
        this.api = api;
    }

    @Test
    void volumesAreCopiedAndMovedBetweenLocalPoolsByteForByte() throws Exception {
        assertThat(uri).as("KVM_URI: start the real backends with './ovm backends up' and export "
                + "'./ovm backends env' (./ovm test does both)").isNotBlank();
        String hostId = null;
        try {
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage");
            hostId = api.addKvmHost("i16-kmob-kvm1-" + stamp, uri);
            poolA = pool("i16-kmob-a", dirA, hostId);
            poolB = pool("i16-kmob-b", dirB, hostId);
            String vdcId = created(api.post("/vdcs", Json.object("name", "i16-kmob-vdc")));
            assertThat(api.put("/vdcs/" + vdcId + "/quota", Json.object("diskGiB", 2)).status()).isEqualTo(200);

            Reply made = api.post("/volumes", Json.object("name", "i16-kmob-src.qcow2", "poolId", poolA, "sizeGiB", 1,
                    "vdcId", vdcId));
            assertThat(state(made)).isEqualTo("SUCCEEDED");
            String sourceId = made.text("resourceId");
            Path source = dirA.resolve("i16-kmob-src.qcow2");
            // something to copy: a pattern at the start and one past the first cluster
            assertThat(run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1M", "-c", "write -P 0xa5 512M 64k",
                    source.toString())).contains("wrote");

            // copy: a new volume in pool B, identical, claiming a GiB of the VDC's quota
            Reply copy = api.post("/volumes/" + sourceId + "/copy", Json.object("poolId", poolB, "name",
                    "i16-kmob-copy.qcow2"));
            assertThat(copy.status()).as(copy.body()).isEqualTo(202);
            JsonNode copied = api.awaitTask(copy.text("id"), TIMEOUT);
            assertThat(copied.get("state").asText()).as(copied.toString()).isEqualTo("SUCCEEDED");
            JsonNode copyView = api.get("/volumes?name=i16-kmob-copy.qcow2").json().get("items").get(0);
            String copyId = copyView.get("id").asText();
            assertThat(copyView.get("poolId").asText()).isEqualTo(poolB);
            assertThat(copyView.get("vdcId").asText()).isEqualTo(vdcId);
            assertThat(copyView.get("state").asText()).isEqualTo("DETACHED");
            Path copyFile = Paths.get(copyView.get("path").asText());
            assertThat(copyFile.getParent()).isEqualTo(dirB);
            assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", source.toString(),
                    copyFile.toString())).contains("Images are identical");
            assertThat(usedDiskGiB(vdcId)).isEqualTo(2);

            // the quota is full: a second copy is refused before anything is written
            Reply over = api.post("/volumes/" + sourceId + "/copy", Json.object("poolId", poolB));
            assertThat(over.status()).isEqualTo(409);
            assertThat(api.get("/volumes?name=i16-kmob-src.qcow2-copy").json().get("total").asInt()).isZero();

            // move: the copy goes back to pool A under its id and name, its file in B is gone
            Reply move = api.post("/volumes/" + copyId + "/migrate", Json.object("poolId", poolA));
            assertThat(move.status()).as(move.body()).isEqualTo(202);
            JsonNode moved = api.awaitTask(move.text("id"), TIMEOUT);
            assertThat(moved.get("state").asText()).as(moved.toString()).isEqualTo("SUCCEEDED");
            JsonNode movedView = api.get("/volumes/" + copyId).json();
            assertThat(movedView.get("poolId").asText()).isEqualTo(poolA);
            assertThat(movedView.get("name").asText()).isEqualTo("i16-kmob-copy.qcow2");
            Path movedFile = Paths.get(movedView.get("path").asText());
            assertThat(movedFile.getParent()).isEqualTo(dirA);
            assertThat(copyFile).doesNotExist();
            assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", source.toString(),
                    movedFile.toString())).contains("Images are identical");

            // moving it into its own pool is bad input
            assertThat(api.post("/volumes/" + copyId + "/migrate", Json.object("poolId", poolA)).status())
                    .isEqualTo(400);

            for (String id : new String[] {sourceId, copyId}) {
                assertThat(state(api.delete("/volumes/" + id))).isEqualTo("SUCCEEDED");
            }
            assertThat(usedDiskGiB(vdcId)).isZero();
            for (String pool : new String[] {poolA, poolB}) {
                assertThat(state(api.delete("/storage-pools/" + pool))).isEqualTo("SUCCEEDED");
            }
            // the shared engine keeps no host of this class
            Reply gone = api.delete("/hosts/" + hostId);
            assertThat(gone.status()).as(gone.body()).isEqualTo(204);
            hostId = null;
        } finally {
            if (hostId != null) {
                api.delete("/hosts/" + hostId);
            }
            for (String pool : new String[] {poolA, poolB}) {
                if (pool != null) {
                    run("virsh", "-c", uri, "pool-destroy", "ovm-" + pool);
                    run("virsh", "-c", uri, "pool-undefine", "ovm-" + pool);
                }
            }
            deleteTree(dirA);
            deleteTree(dirB);
        }
    }

    private String pool(String name, Path dir, String hostId) throws Exception {
        Reply pool = api.post("/storage-pools", Json.object("name", name, "type", "local", "uri", "file://" + dir,
                "hostId", hostId));
        assertThat(state(pool)).isEqualTo("SUCCEEDED");
        return pool.text("resourceId");
    }

    private String state(Reply task) throws Exception {
        assertThat(task.status()).as(task.body()).isEqualTo(202);
        return api.awaitTask(task.text("id"), TIMEOUT).get("state").asText();
    }

    private long usedDiskGiB(String vdcId) throws Exception {
        return api.get("/vdcs/" + vdcId).json().get("usage").get("diskGiB").asLong();
    }

    private static String created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.text("id");
    }
}
