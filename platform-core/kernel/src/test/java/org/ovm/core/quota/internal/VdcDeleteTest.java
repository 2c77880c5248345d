package org.ovm.core.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.quota.VdcRequest;

/** Review F7: a VDC is deleted only once it owns nothing, and the 409 says what it still owns. */
class VdcDeleteTest {

    private final InventoryDb db = new InventoryDb();
    private final VdcServiceImpl vdcs = new VdcServiceImpl(db.tx(), new EventPublisher(db.tx(), Runnable::run));
    private final String vdc = vdcs.create(Caller.SYSTEM, new VdcRequest("team-x", null, null)).id();

    @AfterEach
    void close() {
        db.close();
    }

    private void sql(String statement, Object... values) {
        db.tx().run(em -> {
            var query = em.createNativeQuery(statement);
            for (int i = 0; i < values.length; i++) {
                query.setParameter(i + 1, values[i]);
            }
            query.executeUpdate();
        });
    }

    @Test
    void aVdcThatOwnsVolumesAndAffinityGroupsIsNotDeleted() {
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('p1', 'local', 'local', "
                + "'file:///p', 'UP', 0)");
        for (String name : new String[] {"v1", "v2"}) {
            sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, VDC_ID, SIZE_BYTES, FORMAT, STATE, CREATED_AT) "
                    + "VALUES (?, ?, 'p1', ?, 1073741824, 'qcow2', 'DETACHED', 0)", name, name, vdc);
        }
        sql("INSERT INTO AFFINITY_GROUPS (ID, NAME, VDC_ID, KIND, CREATED_AT) VALUES ('g1', 'web', ?, "
                + "'anti-affinity', 0)", vdc);

        assertThatThrownBy(() -> vdcs.delete(Caller.SYSTEM, vdc)).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
            assertThat(e.getMessage()).isEqualTo("VDC 'team-x' still owns 2 volumes and 1 affinity group: "
                    + "delete them first");
        });
        assertThat(vdcs.get(Caller.SYSTEM, vdc).name()).isEqualTo("team-x");

        sql("DELETE FROM VOLUMES");
        sql("DELETE FROM AFFINITY_GROUPS");
        vdcs.delete(Caller.SYSTEM, vdc);
        assertThatThrownBy(() -> vdcs.get(Caller.SYSTEM, vdc)).isInstanceOf(OvmException.class);
    }

    @Test
    void vAppsAndAddressesCountToo() {
        sql("INSERT INTO VAPPS (ID, NAME, VDC_ID, STATE, ON_FAILURE, CREATED_AT) VALUES ('a1', 'shop', ?, "
                + "'RUNNING', 'keep', 0)", vdc);
        sql("INSERT INTO NETWORKS (ID, NAME, TYPE, CREATED_AT) VALUES ('n1', 'lan', 'bridge', 0)");
        sql("INSERT INTO IP_ADDRESSES (ID, NETWORK_ID, ADDRESS, MAC, VDC_ID, CREATED_AT) VALUES ('ip1', 'n1', "
                + "'10.0.0.2', '52:54:00:00:00:01', ?, 0)", vdc);

        assertThatThrownBy(() -> vdcs.delete(Caller.SYSTEM, vdc)).hasMessage(
                "VDC 'team-x' still owns 1 vApp and 1 network address: delete them first");
    }

    @Test
    void theMessageNamesEveryKindInTheUsersTerms() {
        Map<String, Long> held = new LinkedHashMap<>();
        held.put("volumes", 1L);
        assertThat(VdcHoldings.message("x", held)).isEqualTo("VDC 'x' still owns 1 volume: delete it first");
        held.put("affinity groups", 3L);
        held.put("network addresses", 1L);
        assertThat(VdcHoldings.message("x", held)).isEqualTo(
                "VDC 'x' still owns 1 volume, 3 affinity groups and 1 network address: delete them first");
    }
}
