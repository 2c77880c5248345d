package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.host.ZoneUpdate;
import org.ovm.core.host.ZoneView;
import org.ovm.core.internal.support.InventoryDb;

/** Issue 14: one zone is the default; the first one created, another on request, the oldest after a delete. */
class ZoneDefaultTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final ZoneServiceImpl zones = new ZoneServiceImpl(db.tx(), new EventPublisher(db.tx(), Runnable::run));

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> defaults() {
        return zones.list(ADMIN, Filters.NONE, new PageRequest(100, 0)).items().stream()
                .filter(ZoneView::defaultZone).map(ZoneView::name).toList();
    }

    private List<String> events(String topic) {
        return db.tx().call(em -> em.createQuery("SELECT e.message FROM EventEntity e WHERE e.topic = ?1 ORDER BY "
                + "e.occurredAt", String.class).setParameter(1, topic).getResultList());
    }

    @Test
    void theFirstZoneIsTheDefaultAndAnotherCanTakeOver() throws InterruptedException {
        ZoneView east = zones.create(ADMIN, new ZoneRequest("east", null));
        Thread.sleep(2); // creation times order the zones
        ZoneView west = zones.create(ADMIN, new ZoneRequest("west", null));
        assertThat(east.defaultZone()).isTrue();
        assertThat(west.defaultZone()).isFalse();

        ZoneView updated = zones.update(ADMIN, west.id(), new ZoneUpdate(null, null, true));
        assertThat(updated.defaultZone()).isTrue();
        assertThat(defaults()).containsExactly("west");
        assertThat(events("zone/updated")).containsExactly("zone west updated: made the default zone instead of east");
    }

    @Test
    void theDefaultIsReplacedNeverUnset() {
        ZoneView east = zones.create(ADMIN, new ZoneRequest("east", null));
        assertThatThrownBy(() -> zones.update(ADMIN, east.id(), new ZoneUpdate(null, null, false)))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
                    assertThat(e.field()).isEqualTo("defaultZone");
                    assertThat(e.getMessage()).contains("make another zone the default instead");
                });
        assertThat(defaults()).containsExactly("east");
    }

    @Test
    void deletingTheDefaultMakesTheOldestRemainingOneTheDefault() throws InterruptedException {
        ZoneView a = zones.create(ADMIN, new ZoneRequest("a", null));
        Thread.sleep(2);
        zones.create(ADMIN, new ZoneRequest("b", null));
        Thread.sleep(2);
        zones.create(ADMIN, new ZoneRequest("c", null));

        zones.delete(ADMIN, a.id());
        assertThat(defaults()).containsExactly("b");
        assertThat(events("zone/deleted")).containsExactly("zone a deleted; zone b is the default zone now");
    }

    @Test
    void renameAndDescriptionAreChecked() {
        ZoneView a = zones.create(ADMIN, new ZoneRequest("a", null));
        zones.create(ADMIN, new ZoneRequest("b", null));
        assertThatThrownBy(() -> zones.update(ADMIN, a.id(), new ZoneUpdate("b", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.CONFLICT));
        assertThatThrownBy(() -> zones.update(ADMIN, a.id(), new ZoneUpdate("no spaces", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("name"));
        ZoneView renamed = zones.update(ADMIN, a.id(), new ZoneUpdate("a2", "the first", null));
        assertThat(renamed.name()).isEqualTo("a2");
        assertThat(renamed.description()).isEqualTo("the first");
        assertThat(renamed.defaultZone()).isTrue();
        assertThatThrownBy(() -> zones.update(new Caller("bob", Role.USER, "v1", "u-bob"), a.id(),
                new ZoneUpdate("x", null, null))).isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN));
    }
}
