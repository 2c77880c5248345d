package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.balance.BalancingSettings;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.ClusterRequest;
import org.ovm.core.host.ClusterUpdate;
import org.ovm.core.host.ClusterView;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.placement.internal.PolicyLookup;

/** Issue 17: a cluster's balancing settings: defaults, partial updates, checks naming the field, audit. */
class ClusterBalancingTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final EventPublisher events = new EventPublisher(db.tx(), Runnable::run);
    private final ClusterServiceImpl clusters = new ClusterServiceImpl(db.tx(), new PolicyLookup(), events);
    private final String zone = new ZoneServiceImpl(db.tx(), events).create(ADMIN, new ZoneRequest("z", null)).id();

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> events(String topic) {
        return db.tx().call(em -> em.createQuery("SELECT e.message FROM EventEntity e WHERE e.topic = ?1 ORDER BY "
                + "e.occurredAt", String.class).setParameter(1, topic).getResultList());
    }

    @Test
    void aNewClusterDoesNotBalanceUnlessAsked() {
        ClusterView plain = clusters.create(ADMIN, new ClusterRequest("plain", zone, "kvm", null, null));
        assertThat(plain.balancing()).isEqualTo(BalancingSettings.DEFAULT);
        assertThat(plain.powerOffCandidates()).isEmpty();

        ClusterView saving = clusters.create(ADMIN, new ClusterRequest("saving", zone, "kvm", null, null, null,
                new BalancingSettings("power_saving", null, 15, null, 4)));
        assertThat(saving.balancing()).isEqualTo(new BalancingSettings("POWER_SAVING", 80, 15, 5, 4));
        assertThat(events("cluster/created").get(1)).contains("balancing POWER_SAVING (high 80%, low 15%");
    }

    @Test
    void anUpdateKeepsWhatItOmitsAndIsAudited() {
        ClusterView c = clusters.create(ADMIN, new ClusterRequest("c", zone, "kvm", null, null, null,
                new BalancingSettings("LOAD_BALANCING", 90, null, null, null)));
        ClusterView updated = clusters.update(ADMIN, c.id(), new ClusterUpdate(null, null, null,
                new BalancingSettings(null, null, null, 10, null)));
        assertThat(updated.balancing()).isEqualTo(new BalancingSettings("LOAD_BALANCING", 90, 20, 10, 2));
        assertThat(events("cluster/updated")).singleElement().asString().contains("window 10 min");
    }

    @Test
    void leavingPowerSavingClearsThePowerOffCandidates() {
        ClusterView c = clusters.create(ADMIN, new ClusterRequest("c", zone, "kvm", null, null, null,
                new BalancingSettings("POWER_SAVING", null, null, null, null)));
        db.tx().run(em -> em.find(ClusterEntity.class, c.id()).setBalanceCandidates("h1,h2"));
        assertThat(clusters.get(ADMIN, c.id()).powerOffCandidates()).containsExactly("h1", "h2");
        ClusterView none = clusters.update(ADMIN, c.id(), new ClusterUpdate(null, null, null,
                new BalancingSettings("NONE", null, null, null, null)));
        assertThat(none.powerOffCandidates()).isEmpty();
    }

    @Test
    void wrongValuesAreRefusedNamingTheFieldAndChangeNothing() {
        ClusterView c = clusters.create(ADMIN, new ClusterRequest("c", zone, "kvm", null, null));
        assertThatThrownBy(() -> clusters.update(ADMIN, c.id(), new ClusterUpdate(null, null, null,
                new BalancingSettings(null, 50, 60, null, null)))).isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("balancing.lowPercent");
                });
        assertThatThrownBy(() -> clusters.create(ADMIN, new ClusterRequest("d", zone, "kvm", null, null, null,
                new BalancingSettings("OFTEN", null, null, null, null)))).isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.field()).isEqualTo("balancing.policy"));
        assertThat(clusters.get(ADMIN, c.id()).balancing()).isEqualTo(BalancingSettings.DEFAULT);
        assertThatThrownBy(() -> clusters.update(new Caller("u", Role.USER, null), c.id(), new ClusterUpdate(null,
                null, null, new BalancingSettings("POWER_SAVING", null, null, null, null))))
                .isInstanceOf(OvmException.class);
    }
}
