package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.storage.PoolHostRequest;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.storage.StoragePoolView;
import org.ovm.core.storage.VolumeRequest;
import org.ovm.core.task.TaskView;

/** Pools on many hosts: placement, attach per host, hosts joining later, detach guards, views. */
class SharedPoolsTest {

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private String created(StoragePoolRequest request) throws Exception {
        TaskView task = f.pools.create(PoolFixture.ADMIN, request);
        TaskEntity done = f.finished(task);
        assertThat(done.getState()).as(done.getError()).isEqualTo("SUCCEEDED");
        return task.resourceId();
    }

    private static StoragePoolRequest cluster(String name, Double ratio) {
        return new StoragePoolRequest(name, "fakenfs", "nfs://127.0.0.1/export/" + name, null, "c1", null, ratio,
                Map.of("nfsUid", "64055"));
    }

    @Test
    void aClusterPoolIsAttachedToEveryHostOfTheClusterAndServesThem() throws Exception {
        String id = created(cluster("nfs1", null));
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "h2", "UP"));
        assertThat(f.nfs.calls).contains("attachPool:h1", "attachPool:h2");
        StoragePoolView view = f.pools.get(PoolFixture.ADMIN, id);
        assertThat(view.state()).isEqualTo("UP");
        assertThat(view.clusterId()).isEqualTo("c1");
        assertThat(view.hostId()).isNull();
        assertThat(view.hostIds()).containsExactly("h1", "h2");
        assertThat(view.hosts()).extracting(h -> h.hostName() + "=" + h.state()).containsExactly("host-h1=UP",
                "host-h2=UP");
        assertThat(view.shared()).isTrue();
        assertThat(view.totalBytes()).isEqualTo(10L << 30);
        f.db.tx().run(em -> {
            var pool = em.find(org.ovm.core.internal.inventory.StoragePoolEntity.class, id);
            assertThat(PoolHosts.serves(em, pool, "h1")).isTrue();
            assertThat(PoolHosts.serves(em, pool, "h3")).isFalse();
            assertThat(PoolHosts.hostIds(em, pool)).containsExactly("h1", "h2");
            assertThat(StorageAccess.spec(pool).settings()).containsEntry("nfsUid", "64055");
        });
        assertThat(f.access.target(id, null, false).toCompletableFuture().join().host().hostId()).isIn("h1", "h2");
        assertThatThrownBy(() -> f.access.target(id, "h3", false).toCompletableFuture().join())
                .hasMessageContaining("not usable from host h3");
    }

    @Test
    void twoPoolsDoNotShareOneExportNorOneDirectoryOfAHost() throws Exception {
        created(cluster("nfs1", null));
        assertThatThrownBy(() -> f.pools.create(PoolFixture.ADMIN, new StoragePoolRequest("nfs2", "fakenfs",
                "nfs://127.0.0.1/export/nfs1/", null, null, List.of("h3"), null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.field()).isEqualTo("uri");
                    assertThat(e.getMessage()).contains("storage pool nfs1 already uses").contains("of its own");
                });
        created(new StoragePoolRequest("nfs2", "fakenfs", "nfs://127.0.0.1/export/nfs1/nfs2", null, null,
                List.of("h3"), null, null));
        created(new StoragePoolRequest("disk", "fakelocal", "file:///x", "h1"));
        assertThatThrownBy(() -> f.pools.create(PoolFixture.ADMIN, new StoragePoolRequest("disk2", "fakelocal",
                "file:///x", "h1"))).isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.getMessage())
                        .contains("storage pool disk already uses file:///x on that host"));
        created(new StoragePoolRequest("disk3", "fakelocal", "file:///x", "h2"));
    }

    @Test
    void usersSeeNeitherUriNorHosts() throws Exception {
        created(cluster("nfs1", 2.0));
        StoragePoolView seen = f.pools.list(PoolFixture.ALICE, org.ovm.core.Filters.NONE,
                new org.ovm.core.PageRequest(10, 0)).items().get(0);
        assertThat(seen.uri()).isNull();
        assertThat(seen.hostId()).isNull();
        assertThat(seen.hostIds()).isNull();
        assertThat(seen.hosts()).isNull();
        assertThat(seen.overcommitRatio()).isEqualTo(2.0);
        assertThatThrownBy(() -> f.pools.get(PoolFixture.ALICE, seen.id())).isInstanceOf(OvmException.class);
    }

    @Test
    void aHostJoiningTheClusterLaterGetsThePoolWhenItConnects() throws Exception {
        String id = created(cluster("nfs1", null));
        f.addHost("h4", "c1");
        f.clusterPools.hostConnected("h4");
        TaskEntity attach = f.query("SELECT t FROM TaskEntity t WHERE t.operation = ?1", TaskEntity.class,
                StorageOperations.POOL_HOST_ATTACH).get(0);
        f.engine.whenFinished(attach.getId()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(f.rows(id)).containsEntry("h4", "UP").hasSize(3);
        f.clusterPools.hostConnected("h4");
        assertThat(f.query("SELECT t FROM TaskEntity t WHERE t.operation = ?1", TaskEntity.class,
                StorageOperations.POOL_HOST_ATTACH)).as("nothing more to attach").hasSize(1);
        f.clusterPools.hostConnected("h3"); // outside the cluster
        assertThat(f.rows(id)).doesNotContainKey("h3");
    }

    @Test
    void aHostThatFailsToAttachDegradesThePoolAndEveryHostFailingIsAnError() throws Exception {
        f.nfs.refused.add("h2");
        String id = created(cluster("nfs1", null));
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "h2", "ERROR"));
        assertThat(f.pool(id).getState().name()).isEqualTo("DEGRADED");
        assertThat(f.pool(id).getStateReason()).contains("host host-h2", "qemu-block-extra");
        assertThat(f.storageReason("h2")).startsWith(
                "storage pool nfs1 could not be attached: ").contains("qemu-block-extra");
        assertThat(f.storageReason("h1")).isNull();

        // the host connects again (refresh, reconnect) and gets it this time
        f.nfs.refused.clear();
        f.clusterPools.hostConnected("h2");
        TaskEntity retry = f.query("SELECT t FROM TaskEntity t WHERE t.operation = ?1", TaskEntity.class,
                StorageOperations.POOL_HOST_ATTACH).get(0);
        f.engine.whenFinished(retry.getId()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "h2", "UP"));
        assertThat(f.pool(id).getState().name()).isEqualTo("UP");

        f.nfs.refused.add("h1");
        f.nfs.refused.add("h2");
        TaskView task = f.pools.create(PoolFixture.ADMIN, cluster("nfs2", null));
        assertThat(f.finished(task).getState()).isEqualTo("FAILED");
        assertThat(f.pool(task.resourceId()).getState().name()).isEqualTo("ERROR");
        assertThat(f.pool(task.resourceId()).getStateReason()).startsWith("attaching the pool failed on every host");
    }

    @Test
    void hostsAreAttachedAndDetachedOneByOne() throws Exception {
        String id = created(new StoragePoolRequest("nfs1", "fakenfs", "nfs://s/e", null, null, List.of("h1"), null,
                null));
        assertThat(f.finished(f.pools.attachHost(PoolFixture.ADMIN, id, new PoolHostRequest("h3"))).getState())
                .isEqualTo("SUCCEEDED");
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "h3", "UP"));
        assertThatThrownBy(() -> f.pools.attachHost(PoolFixture.ADMIN, id, new PoolHostRequest("h3")))
                .hasMessageContaining("attached to host h3 already");
        assertThatThrownBy(() -> f.pools.attachHost(PoolFixture.ADMIN, id, new PoolHostRequest("nope")))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("hostId"));

        // an instance of h3 with a disk in the pool keeps it there
        f.sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, CREATED_AT, UPDATED_AT) "
                + "VALUES ('i1', 'web', 'h3', 'RUNNING', 1, 64, TRUE, 0, 0)");
        f.sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, STATE, CREATED_AT) VALUES "
                + "('v1', 'web-disk0', '" + id + "', 'i1', 1024, 'qcow2', 'ATTACHED', 0)");
        assertThatThrownBy(() -> f.pools.detachHost(PoolFixture.ADMIN, id, "h3"))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
                    assertThat(e.getMessage()).contains("(web)");
                });
        assertThat(f.finished(f.pools.detachHost(PoolFixture.ADMIN, id, "h1")).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.rows(id)).isEqualTo(Map.of("h3", "UP"));
        assertThat(f.nfs.calls).contains("detachPool:h1");
        assertThatThrownBy(() -> f.pools.detachHost(PoolFixture.ADMIN, id, "h3")).hasMessageContaining(
                "only host of storage pool nfs1; delete the pool instead");
        assertThat(f.events("pool/host-detached")).singleElement().asString().contains("detached from host host-h1");
    }

    @Test
    void aLocalPoolBelongsToOneHost() throws Exception {
        String id = created(new StoragePoolRequest("disk", "fakelocal", "file:///x", "h1"));
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP"));
        assertThat(f.pools.get(PoolFixture.ADMIN, id).shared()).isFalse();
        assertThatThrownBy(() -> f.pools.attachHost(PoolFixture.ADMIN, id, new PoolHostRequest("h2")))
                .hasMessageContaining("is used by one host only");
        assertThatThrownBy(() -> f.pools.create(PoolFixture.ADMIN, new StoragePoolRequest("disk2", "fakelocal",
                "file:///y", null, "c1", null, null, null))).isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.field()).isEqualTo("hostId"));
        f.db.tx().run(em -> assertThat(PoolHosts.onlyHostOf(em, "h1")).containsExactly("disk"));
    }

    @Test
    void volumesGoThroughAUsableHostAndAreRefusedOverTheRatio() throws Exception {
        String id = created(cluster("nfs1", 1.0));
        TaskView made = f.volumes.create(PoolFixture.ADMIN, new VolumeRequest("v1", id, 4L, "vdc-a"));
        assertThat(f.finished(made).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.pools.get(PoolFixture.ADMIN, id).allocatedBytes()).isEqualTo(4L << 30);
        assertThatThrownBy(() -> f.volumes.create(PoolFixture.ADMIN, new VolumeRequest("v2", id, 7L, "vdc-a")))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("pool nfs1 would hold 11.0 GiB of virtual disks (4.0 GiB "
                            + "now + 7.0 GiB asked), over 1.0 × its 10.0 GiB; free space or raise its overcommitRatio");
                });
        assertThat(f.query("SELECT v.id FROM VolumeEntity v WHERE v.name = 'v2'", String.class)).isEmpty();
        assertThat(f.finished(f.volumes.create(PoolFixture.ADMIN, new VolumeRequest("v3", id, 6L, "vdc-a")))
                .getState()).isEqualTo("SUCCEEDED");
    }
}
