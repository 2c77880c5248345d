package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.storage.PoolHostRequest;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.task.TaskView;
import org.ovm.spi.hypervisor.NfsShare;
import org.ovm.spi.storage.PoolSpec;

/** Hosts whose hypervisor mounts an NFS pool's export itself (ESXi NAS datastores): mount on attach, unmount on detach. */
class NasMountsTest {

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void onlySharedNfsPoolsHaveAShare() {
        NfsShare share = NasMounts.share(f.nfs, new PoolSpec("p1", "shared", "nfs://10.0.0.5/export/pools/", Map.of()));
        assertThat(share).isEqualTo(new NfsShare("10.0.0.5", "/export/pools", "shared"));
        assertThat(share.url()).isEqualTo("nfs://10.0.0.5/export/pools");
        assertThat(NasMounts.share(f.local, new PoolSpec("p2", "d", "nfs://10.0.0.5/export", Map.of()))).isNull();
        assertThat(NasMounts.share(f.nfs, new PoolSpec("p3", "s", "sim://shared/x", Map.of()))).isNull();
    }

    @Test
    void anEsxiHostMountsThePoolWhenAttachedAndUnmountsItWhenDetachedOrDeleted() throws Exception {
        f.addEsxiHost("e1");
        f.addEsxiHost("e2");
        TaskView create = f.pools.create(PoolFixture.ADMIN, new StoragePoolRequest("nfs1", "fakenfs",
                "nfs://127.0.0.1/export/nfs1", null, null, List.of("h1", "e1", "e2"), null, Map.of()));
        assertThat(f.finished(create).getState()).isEqualTo("SUCCEEDED");
        String id = create.resourceId();
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "e1", "UP", "e2", "UP"));
        // the KVM host (no NasMountSupport) mounts nothing
        assertThat(f.mounts).containsExactlyInAnyOrder("mount e1 nfs://127.0.0.1/export/nfs1 nfs1",
                "mount e2 nfs://127.0.0.1/export/nfs1 nfs1");

        f.mounts.clear();
        assertThat(f.finished(f.pools.detachHost(PoolFixture.ADMIN, id, "e1")).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.mounts).containsExactly("unmount e1 nfs://127.0.0.1/export/nfs1");
        assertThat(f.nfs.calls).contains("detachPool:e1");

        f.mounts.clear();
        assertThat(f.finished(f.pools.delete(PoolFixture.ADMIN, id)).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.mounts).containsExactly("unmount e2 nfs://127.0.0.1/export/nfs1");
    }

    @Test
    void aFailedMountIsThatHostsErrorAndUndoesItsAttach() throws Exception {
        f.addEsxiHost("e1");
        TaskView create = f.pools.create(PoolFixture.ADMIN, new StoragePoolRequest("nfs1", "fakenfs",
                "nfs://127.0.0.1/export/nfs1", null, null, List.of("h1"), null, Map.of()));
        assertThat(f.finished(create).getState()).isEqualTo("SUCCEEDED");
        String id = create.resourceId();
        f.mountFailure = "the ESXi host could not mount nfs://127.0.0.1/export/nfs1: Unable to connect to NFS server";
        TaskEntity attach = f.finished(f.pools.attachHost(PoolFixture.ADMIN, id, new PoolHostRequest("e1")));
        assertThat(attach.getState()).isEqualTo("FAILED");
        assertThat(f.rows(id)).isEqualTo(Map.of("h1", "UP", "e1", "ERROR"));
        assertThat(f.storageReason("e1")).contains("attaching the pool failed: the ESXi host could not mount",
                "Unable to connect to NFS server");
        assertThat(f.nfs.calls).contains("attachPool:e1", "detachPool:e1");
        assertThat(f.pool(id).getState().name()).isEqualTo("DEGRADED");
    }
}
