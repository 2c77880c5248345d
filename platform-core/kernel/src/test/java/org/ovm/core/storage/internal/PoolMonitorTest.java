package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.storage.StoragePoolRequest;

/** The pool monitor: degrade with a reason, hosts told, heal, guests paused on I/O errors resumed. */
class PoolMonitorTest {

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private String pool(StoragePoolRequest request) throws Exception {
        var task = f.pools.create(PoolFixture.ADMIN, request);
        assertThat(f.finished(task).getState()).isEqualTo("SUCCEEDED");
        return task.resourceId();
    }

    private void probe(String id) {
        f.monitor.check(id).toCompletableFuture().join();
    }

    @Test
    void aFailedProbeDegradesThePoolAndItsHostsAndTheNextGoodOneHealsItAndResumesPausedGuests() throws Exception {
        String id = pool(new StoragePoolRequest("nfs1", "fakenfs", "nfs://s/e", null, "c1", null, null, null));
        f.sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i1', 'web', 'h1', 'RUNNING', 1, 64, TRUE, 'b-paused', 0, 0)");
        f.sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i2', 'db', 'h2', 'RUNNING', 1, 64, TRUE, 'b-running', 0, 0)");
        for (String vm : new String[] {"i1", "i2"}) {
            f.sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, STATE, CREATED_AT) VALUES "
                    + "('v-" + vm + "', '" + vm + "-disk0', '" + id + "', '" + vm + "', 1024, 'qcow2', 'ATTACHED', 0)");
        }
        probe(id);
        assertThat(f.pool(id).getState().name()).isEqualTo("UP");
        assertThat(f.events("pool/degraded")).isEmpty();

        f.nfs.down = "NFS server 127.0.0.1 does not answer";
        probe(id);
        assertThat(f.pool(id).getState().name()).isEqualTo("DEGRADED");
        assertThat(f.pool(id).getStateReason()).isEqualTo("the pool cannot be reached: NFS server 127.0.0.1 does not "
                + "answer");
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UNREACHABLE", "h2", "UNREACHABLE"));
        assertThat(f.storageReason("h1"))
                .isEqualTo("storage pool nfs1 is unreachable: NFS server 127.0.0.1 does not answer");
        assertThat(f.events("pool/degraded")).singleElement().asString().startsWith("pool nfs1 is degraded: ");
        f.db.tx().run(em -> assertThat(PoolHosts.usableHostIds(em, em.find(
                org.ovm.core.internal.inventory.StoragePoolEntity.class, id))).isEmpty());
        probe(id);
        assertThat(f.events("pool/degraded")).as("one event per change").hasSize(1);
        assertThat(f.resumed).isEmpty();

        f.nfs.down = null;
        probe(id);
        assertThat(f.pool(id).getState().name()).isEqualTo("UP");
        assertThat(f.pool(id).getStateReason()).isNull();
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "h2", "UP"));
        assertThat(f.storageReason("h1")).isNull();
        assertThat(f.events("pool/up")).containsExactly("pool nfs1 is up again");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (f.events("instance/resumed").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(f.resumed).as("only the guest paused on I/O errors").containsExactly("b-paused");
        assertThat(f.events("instance/resumed")).singleElement().asString().contains("instance web resumed",
                "nfs1 is up again");
    }

    @Test
    void aPoolWithoutItsOwnProbeIsReadThroughEachHostThatIsUp() throws Exception {
        String id = pool(new StoragePoolRequest("disk", "fakelocal", "file:///x", "h1"));
        f.local.unreachableFrom.add("h1");
        probe(id);
        assertThat(f.local.calls).contains("capacity:h1");
        assertThat(f.pool(id).getState().name()).as("one miss may be the host going down").isEqualTo("UP");
        probe(id);
        assertThat(f.pool(id).getState().name()).isEqualTo("DEGRADED");
        assertThat(f.pool(id).getStateReason()).isEqualTo("host host-h1: pool directory gone");
        f.local.unreachableFrom.clear();
        f.sql("UPDATE HOSTS SET STATE = 'DOWN' WHERE ID = 'h1'");
        probe(id);
        assertThat(f.pool(id).getState().name()).as("a host that is down is not probed").isEqualTo("DEGRADED");
        f.sql("UPDATE HOSTS SET STATE = 'UP' WHERE ID = 'h1'");
        probe(id);
        assertThat(f.pool(id).getState().name()).isEqualTo("UP");
    }

    @Test
    void whereThePoolIsUnreachableItIsAttachedAgainAndHealsSo() throws Exception {
        String id = pool(new StoragePoolRequest("disk", "fakelocal", "file:///x", "h1"));
        f.local.unreachableFrom.add("h1"); // capacity reads fail (a libvirtd that lost the pool), attaching works
        probe(id);
        probe(id);
        assertThat(f.pool(id).getState().name()).isEqualTo("DEGRADED");
        f.local.calls.clear();
        probe(id);
        assertThat(f.local.calls).containsExactly("attachPool:h1");
        assertThat(f.pool(id).getState().name()).isEqualTo("UP");
        assertThat(f.rows(id)).isEqualTo(java.util.Map.of("h1", "UP"));
    }

    @Test
    void theRoundProbesOnlyPoolsThatAreUpOrDegraded() throws Exception {
        f.nfs.refused.add("h1");
        f.nfs.refused.add("h2");
        var task = f.pools.create(PoolFixture.ADMIN, new StoragePoolRequest("nfs1", "fakenfs", "nfs://s/e", null,
                "c1", null, null, null));
        f.finished(task);
        f.monitor.round();
        Thread.sleep(200);
        assertThat(f.nfs.calls).doesNotContain("probe");
        assertThat(f.pool(task.resourceId()).getState().name()).isEqualTo("ERROR");
    }
}
