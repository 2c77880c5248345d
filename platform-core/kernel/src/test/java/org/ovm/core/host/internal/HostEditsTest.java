package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostUpdate;
import org.ovm.core.host.HostUpdated;
import org.ovm.core.host.HostView;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * Issue 14: host edits. Without a driver registered no reconnect task starts (the ITs cover that
 * part); everything stored is checked here.
 */
class HostEditsTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final SecretBox box = new SecretBox(key());
    private final DriverRegistry<HypervisorDriver> drivers = new DriverRegistry<>(null, HypervisorDriver.class,
            "hypervisor.type", "hypervisor");
    private final HostServiceImpl hosts = new HostServiceImpl(db.tx(), null, drivers,
            new HostAccess(db.tx(), box, drivers), new EventPublisher(db.tx(), Runnable::run));

    HostEditsTest() {
        sql("INSERT INTO ZONES (ID, NAME, CREATED_AT, DEFAULT_ZONE) VALUES ('z1', 'east', 0, TRUE)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c-kvm', 'kvm-a', 'z1', 'kvm', 4.0, 1.0, 0)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c-kvm2', 'kvm-b', 'z1', NULL, 2.0, 1.5, 0)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c-esx', 'web', 'z1', 'esxi', 4.0, 1.0, 0)");
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CLUSTER_ID, CPUS, MEMORY_MIB, ALLOC_CPUS, "
                + "ALLOC_MEMORY_MIB, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, SETTINGS, CREATED_AT) VALUES ('h1', 'kvm1', "
                + "'kvm', 'qemu+tcp://a/system', 'UP', 'c-kvm', 8, 8192, 2, 1024, 4.0, 1.0, "
                + "'{\"domainType\":\"qemu\",\"keep\":\"yes\"}', 0)");
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h2', 'kvm2', 'kvm', 'qemu:///x', "
                + "'UP', 0)");
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, CREATED_AT, UPDATED_AT) "
                + "VALUES ('i1', 'vm1', 'h1', 'RUNNING', 2, 1024, TRUE, 0, 0)");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private List<String> events() {
        return db.tx().call(em -> em.createQuery("SELECT e.message FROM EventEntity e WHERE e.topic = 'host/updated' "
                + "ORDER BY e.occurredAt", String.class).getResultList());
    }

    private HostView update(HostUpdate change) {
        HostUpdated updated = hosts.update(ADMIN, "h1", change);
        assertThat(updated.reconnect()).isNull(); // no driver here
        return updated.host();
    }

    private static void refused(Runnable action, OvmError error, String field, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aHostMovesBetweenClustersOfItsTypeWithItsInstancesAndClaims() {
        HostView moved = update(new HostUpdate(null, "c-kvm2", null, null, null, null, null));
        assertThat(moved.clusterId()).isEqualTo("c-kvm2");
        assertThat(moved.cpuOvercommit()).isEqualTo(2.0);
        assertThat(moved.memoryOvercommit()).isEqualTo(1.5);
        assertThat(moved.allocatedCpus()).isEqualTo(2);
        assertThat(moved.allocatedMemoryMiB()).isEqualTo(1024);
        List<String> hostsOfInstances = db.tx().call(em -> em.createQuery("SELECT i.hostId FROM InstanceEntity i",
                String.class).getResultList());
        assertThat(hostsOfInstances).containsExactly("h1");

        HostView out = update(new HostUpdate(null, "", null, null, null, null, null));
        assertThat(out.clusterId()).isNull();
        assertThat(events()).containsExactly("host kvm1 updated: cluster kvm-a -> kvm-b",
                "host kvm1 updated: cluster kvm-b -> (none)");
    }

    @Test
    void aClusterOfAnotherTypeOrNoneAtAllIsRefused() {
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, "c-esx", null, null, null, null, null)),
                OvmError.CONFLICT, "clusterId", "cluster web is for esxi hosts; host kvm1 is kvm");
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, "nope", null, null, null, null, null)),
                OvmError.INVALID_INPUT, "clusterId", "cluster nope does not exist");
        assertThat(hosts.get(ADMIN, "h1").clusterId()).isEqualTo("c-kvm");
        assertThat(events()).isEmpty();
    }

    @Test
    void instancesOnANetworkOfTheClusterKeepTheHostThere() {
        sql("INSERT INTO NETWORKS (ID, NAME, TYPE, CLUSTER_ID, CREATED_AT) VALUES ('n1', 'dmz', 'bridge', 'c-kvm', 0)");
        sql("INSERT INTO IP_ADDRESSES (ID, NETWORK_ID, ADDRESS, MAC, INSTANCE_ID, CREATED_AT) VALUES ('ip1', 'n1', "
                + "'10.0.0.2', '52:54:00:00:00:01', 'i1', 0)");
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, "c-kvm2", null, null, null, null, null)),
                OvmError.CONFLICT, "clusterId", "instances of host kvm1 use network(s) dmz, which reach cluster kvm-a "
                        + "only");
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, "", null, null, null, null, null)),
                OvmError.CONFLICT, "clusterId", "network(s) dmz");
        assertThat(hosts.get(ADMIN, "h1").clusterId()).isEqualTo("c-kvm");
    }

    @Test
    void aNewNameIsUnique() {
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate("kvm2", null, null, null, null, null, null)),
                OvmError.CONFLICT, "name", "already exists");
        assertThat(update(new HostUpdate("kvm-one", null, null, null, null, null, null)).name()).isEqualTo("kvm-one");
    }

    @Test
    void settingsAreMergedAndANullValueRemovesOne() {
        Map<String, String> change = new HashMap<>();
        change.put("domainType", "kvm");
        change.put("keep", null);
        change.put("added", "1");
        HostView h = update(new HostUpdate(null, null, null, change, null, null, null));
        assertThat(h.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("domainType", "kvm", "added", "1"));
        assertThat(events()).containsExactly("host kvm1 updated: setting added=1, setting domainType=kvm, "
                + "setting keep removed");
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, null, null, Map.of("bad key", "x"), null, null,
                null)), OvmError.INVALID_INPUT, "settings", "invalid");
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, null, null, Map.of("x", "a\u0000b"), null, null,
                null)), OvmError.INVALID_INPUT, "settings.x", "");
    }

    @Test
    void credentialsAreStoredEncryptedAndNeverShownNorAudited() {
        HostView h = update(new HostUpdate(null, null, "qemu+tls://b/system", null, "ovm", "s3cret-pw",
                Map.of("tlsKey", "-----BEGIN KEY----- secret-key")));
        assertThat(h.uri()).isEqualTo("qemu+tls://b/system");
        assertThat(h.username()).isEqualTo("ovm");
        assertThat(h.secretNames()).containsExactly("tlsKey");
        assertThat(h.toString()).doesNotContain("s3cret-pw").doesNotContain("secret-key");
        HostEntity stored = db.tx().call(em -> em.find(HostEntity.class, "h1"));
        assertThat(stored.getSecret()).doesNotContain("s3cret-pw");
        assertThat(box.decrypt(stored.getSecret())).isEqualTo("s3cret-pw");
        assertThat(stored.getSecrets()).doesNotContain("secret-key");
        List<String> all = new ArrayList<>(events());
        assertThat(all).containsExactly("host kvm1 updated: uri qemu+tcp://a/system -> qemu+tls://b/system, "
                + "username (none) -> ovm, password changed, secret tlsKey added");
        assertThat(String.join(" ", all)).doesNotContain("s3cret-pw").doesNotContain("secret-key");

        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, null, "qemu+tcp://u:pw@c/system", null, null,
                null, null)), OvmError.INVALID_INPUT, "uri", "holds a password");
        refused(() -> hosts.update(ADMIN, "h1", new HostUpdate(null, null, null, Map.of("tlsKey", "x"), null, null,
                null)), OvmError.INVALID_INPUT, "secrets.tlsKey", "both as a setting and as a secret");
        Map<String, String> removal = new HashMap<>();
        removal.put("tlsKey", null);
        assertThat(update(new HostUpdate(null, null, null, null, "", null, removal)).secretNames()).isEmpty();
        stored = db.tx().call(em -> em.find(HostEntity.class, "h1"));
        assertThat(stored.getUsername()).isNull();
        assertThat(stored.getSecret()).isNull(); // no password without a user
    }

    @Test
    void onlyAnAdminEditsHosts() {
        refused(() -> hosts.update(new Caller("bob", Role.VDC_ADMIN, "v", "u-bob"), "h1", new HostUpdate("x", null,
                null, null, null, null, null)), OvmError.FORBIDDEN, null, "");
        refused(() -> hosts.update(ADMIN, "nope", new HostUpdate("x", null, null, null, null, null, null)),
                OvmError.NOT_FOUND, null, "");
    }
}
