package org.ovm.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.event.EventQuery;
import org.ovm.core.event.EventView;
import org.ovm.core.event.Outcome;
import org.ovm.core.internal.inventory.EventEntity;
import org.ovm.core.internal.support.InventoryDb;

/** The export: who sees what, the bounds, and batches that neither skip nor repeat an event. */
class EventExportTest {

    private final InventoryDb db = new InventoryDb();
    private final EventPublisher publisher = new EventPublisher(db.tx(), Runnable::run);
    private final EventServiceImpl events = new EventServiceImpl(db.tx(), publisher);

    @AfterEach
    void close() {
        db.close();
    }

    private void event(String id, long time, String topic, String vdcId) {
        EventEntity e = new EventEntity();
        e.setId(id);
        e.setOccurredAt(time);
        e.setTopic(topic);
        e.setCaller("admin");
        e.setVdcId(vdcId);
        e.setMessage("m");
        e.setSource("127.0.0.1");
        e.setOutcome(Outcome.SUCCEEDED);
        db.tx().run(em -> em.persist(e));
    }

    private List<String> export(Caller caller, EventQuery query) {
        List<String> ids = new ArrayList<>();
        long count = events.export(caller, query).forEach(e -> ids.add(e.id()));
        assertThat(count).isEqualTo(ids.size());
        return ids;
    }

    @Test
    void adminsExportEverythingOldestFirstAndVdcAdminsTheirVdcOnly() {
        event("e3", 3000, "vdc/created", "vdc-a");
        event("e1", 1000, "zone/created", null);
        event("e2", 2000, "user/created", "vdc-b");
        event("e4", 4000, "quota/changed", "vdc-a");

        assertThat(export(Caller.SYSTEM, EventQuery.ALL)).containsExactly("e1", "e2", "e3", "e4");
        assertThat(export(new Caller("va", Role.VDC_ADMIN, "vdc-a", "u1", "10.0.0.1"), EventQuery.ALL))
                .containsExactly("e3", "e4");
        assertThat(export(new Caller("nobody", Role.VDC_ADMIN, null, "u2", "10.0.0.1"), EventQuery.ALL)).isEmpty();
    }

    @Test
    void usersMayNotExport() {
        // refused when asked, before anything is read (the REST answer is still a 403)
        assertThatThrownBy(() -> events.export(new Caller("u", Role.USER, "vdc-a", "u3", "10.0.0.1"), EventQuery.ALL))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN));
    }

    @Test
    void sinceUntilAndTopicNarrowTheExport() {
        event("e1", 1000, "user/created", null);
        event("e2", 2000, "user/deleted", null);
        event("e3", 3000, "user_x/created", null);
        event("e4", 4000, "vdc/created", null);

        assertThat(export(Caller.SYSTEM, new EventQuery(Instant.ofEpochMilli(2000), Instant.ofEpochMilli(4000), null)))
                .containsExactly("e2", "e3");
        assertThat(export(Caller.SYSTEM, new EventQuery(null, null, "user/"))).containsExactly("e1", "e2");
        assertThatThrownBy(() -> export(Caller.SYSTEM, new EventQuery(Instant.ofEpochMilli(5), Instant.ofEpochMilli(5),
                null))).isInstanceOf(OvmException.class);
    }

    @Test
    void batchesNeitherSkipNorRepeatEventsOfTheSameMillisecond() {
        int total = EventServiceImpl.BATCH * 2 + 7;
        for (int i = 0; i < total; i++) {
            event(String.format("e%05d", i), i / 300, "task/succeeded", null);
        }
        List<String> ids = export(Caller.SYSTEM, EventQuery.ALL);
        assertThat(ids).hasSize(total).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void exportedEventsCarrySourceAndOutcome() {
        publisher.record("auth/refused", null, "mallory", "203.0.113.5", Outcome.REFUSED, "vdc-a", "no");
        List<EventView> out = new ArrayList<>();
        events.export(Caller.SYSTEM, EventQuery.ALL).forEach(out::add);
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("203.0.113.5");
            assertThat(e.outcome()).isEqualTo("REFUSED");
            assertThat(e.vdcId()).isEqualTo("vdc-a");
        });
    }
}
