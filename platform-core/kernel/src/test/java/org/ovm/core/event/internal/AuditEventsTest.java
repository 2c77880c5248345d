package org.ovm.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.auth.UserRequest;
import org.ovm.core.auth.internal.AuthServiceImpl;
import org.ovm.core.event.EventQuery;
import org.ovm.core.event.EventView;
import org.ovm.core.event.Outcome;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.host.internal.ZoneServiceImpl;
import org.ovm.core.image.internal.ImageServiceImpl;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.placement.AffinityGroupRequest;
import org.ovm.core.placement.internal.AffinityGroupServiceImpl;
import org.ovm.core.quota.Quota;
import org.ovm.core.quota.VdcRequest;
import org.ovm.core.quota.internal.VdcServiceImpl;

/**
 * Issue 13 point 8: admin changes leave an event with actor, source and outcome; refusals are
 * recorded as REFUSED; a change that fails leaves no event.
 */
class AuditEventsTest {

    private static final String PASSWORD = "Audit-trail-2026!";

    private final InventoryDb db = new InventoryDb();
    private final EventPublisher publisher = new EventPublisher(db.tx(), Runnable::run);
    private final EventServiceImpl events = new EventServiceImpl(db.tx(), publisher);
    private final VdcServiceImpl vdcs = new VdcServiceImpl(db.tx(), publisher);
    private final AuthServiceImpl auth = new AuthServiceImpl(db.tx(), publisher);
    private final Caller admin = new Caller("admin", Role.ADMIN, null, "u-admin", "192.0.2.7");

    @AfterEach
    void close() {
        db.close();
    }

    private List<EventView> all() {
        List<EventView> out = new ArrayList<>();
        events.export(Caller.SYSTEM, EventQuery.ALL).forEach(out::add);
        return out;
    }

    private EventView only(String topic) {
        List<EventView> found = all().stream().filter(e -> e.topic().equals(topic)).toList();
        assertThat(found).as("events " + topic).hasSize(1);
        return found.get(0);
    }

    private static void assertActor(EventView event, String user, String source, Outcome outcome) {
        assertThat(event.user()).isEqualTo(user);
        assertThat(event.source()).isEqualTo(source);
        assertThat(event.outcome()).isEqualTo(outcome.name());
    }

    @Test
    void theNewColumnsAreStoredAndListed() {
        publisher.record("test/done", "r1", "alice", "198.51.100.4", Outcome.FAILED, "vdc-1", "it failed");
        publisher.publish("host/state", "h1", "system", null, "host h1 UP");

        EventView failed = events.list(Caller.SYSTEM, new Filters(java.util.Map.of("outcome", "FAILED")),
                new PageRequest(10, 0)).items().get(0);
        assertThat(failed).isEqualTo(new EventView(failed.id(), failed.time(), "test/done", "r1", "alice",
                "198.51.100.4", "FAILED", "vdc-1", "it failed"));
        EventView engine = only("host/state");
        assertActor(engine, "system", Caller.ENGINE, Outcome.SUCCEEDED);
    }

    @Test
    void vdcCreateQuotaChangeAndDeleteAreAudited() {
        String vdc = vdcs.create(admin, new VdcRequest("team-a", null, new Quota(8, null, null, 4, null))).id();
        vdcs.setQuota(admin, vdc, new Quota(16, 32768L, null, null, null));
        vdcs.delete(admin, vdc);

        EventView created = only("vdc/created");
        assertActor(created, "admin", "192.0.2.7", Outcome.SUCCEEDED);
        assertThat(created.resourceId()).isEqualTo(vdc);
        assertThat(created.message()).contains("team-a", "cpus=8", "instances=4", "memoryMiB=unlimited");
        EventView quota = only("quota/changed");
        assertActor(quota, "admin", "192.0.2.7", Outcome.SUCCEEDED);
        assertThat(quota.vdcId()).isEqualTo(vdc);
        assertThat(quota.message()).contains("cpus=16", "memoryMiB=32768", "instances=unlimited");
        EventView deleted = only("vdc/deleted");
        assertActor(deleted, "admin", "192.0.2.7", Outcome.SUCCEEDED);
        assertThat(deleted.message()).isEqualTo("VDC team-a deleted");
    }

    @Test
    void aChangeThatIsRolledBackLeavesNoEvent() {
        String vdc = vdcs.create(admin, new VdcRequest("team-b", null, null)).id();
        db.tx().run(em -> em.createNativeQuery("INSERT INTO AFFINITY_GROUPS (ID, NAME, VDC_ID, KIND, CREATED_AT) "
                + "VALUES ('g1', 'web', ?, 'anti-affinity', 0)").setParameter(1, vdc).executeUpdate());

        assertThatThrownBy(() -> vdcs.delete(admin, vdc)).isInstanceOf(OvmException.class);
        assertThat(all()).extracting(EventView::topic).containsExactly("vdc/created");
    }

    @Test
    void userCreateAndDeleteAreAudited() {
        String vdc = vdcs.create(admin, new VdcRequest("team-c", null, null)).id();
        String id = auth.createUser(admin, new UserRequest("carol", PASSWORD, "vdc-admin", vdc)).id();
        auth.deleteUser(admin, id);

        EventView created = only("user/created");
        assertActor(created, "admin", "192.0.2.7", Outcome.SUCCEEDED);
        assertThat(created.resourceId()).isEqualTo(id);
        assertThat(created.vdcId()).isEqualTo(vdc);
        assertThat(created.message()).contains("carol", "vdc-admin");
        EventView deleted = only("user/deleted");
        assertActor(deleted, "admin", "192.0.2.7", Outcome.SUCCEEDED);
        assertThat(deleted.message()).contains("carol");
    }

    @Test
    void loginsCarryTheirSourceAndFailuresAreFailed() {
        auth.createUser(admin, new UserRequest("dave", PASSWORD, "admin", null));

        Caller dave = auth.login("dave", PASSWORD, "203.0.113.9");
        assertThatThrownBy(() -> auth.login("dave", "wrong", "203.0.113.10")).isInstanceOf(OvmException.class);

        assertThat(dave.source()).isEqualTo("203.0.113.9");
        assertThat(auth.login("dave", PASSWORD, "203.0.113.11").source()).as("a cached login keeps its own source")
                .isEqualTo("203.0.113.11");
        assertActor(only("auth/login"), "dave", "203.0.113.9", Outcome.SUCCEEDED);
        assertActor(only("auth/login-failed"), "dave", "203.0.113.10", Outcome.FAILED);
    }

    @Test
    void tokenIssueIsAudited() {
        auth.createUser(admin, new UserRequest("erin", PASSWORD, "admin", null));
        Caller erin = auth.login("erin", PASSWORD, "203.0.113.1");

        auth.issueToken(erin);

        assertActor(only("auth/token-issued"), "erin", "203.0.113.1", Outcome.SUCCEEDED);
    }

    @Test
    void zoneDeleteIsAudited() {
        ZoneServiceImpl zones = new ZoneServiceImpl(db.tx(), publisher);
        String zone = zones.create(admin, new ZoneRequest("z1", null)).id();
        zones.delete(admin.withSource(Caller.SHELL), zone);

        assertActor(only("zone/created"), "admin", "192.0.2.7", Outcome.SUCCEEDED);
        EventView deleted = only("zone/deleted");
        assertActor(deleted, "admin", "shell", Outcome.SUCCEEDED);
        assertThat(deleted.resourceId()).isEqualTo(zone);
    }

    @Test
    void imageDeleteIsAudited() {
        db.tx().run(em -> em.createNativeQuery("INSERT INTO IMAGES (ID, NAME, KIND, FORMAT, PATH, SIZE_BYTES, "
                + "CREATED_AT) VALUES ('i1', 'cirros', 'template', 'qcow2', '/pool/cirros.qcow2', 0, 0)")
                .executeUpdate());
        ImageServiceImpl images = new ImageServiceImpl(db.tx(), null, null, publisher, null, null);

        images.delete(admin, "i1");

        EventView deleted = only("image/deleted");
        assertActor(deleted, "admin", "192.0.2.7", Outcome.SUCCEEDED);
        assertThat(deleted.message()).contains("cirros", "/pool/cirros.qcow2");
    }

    @Test
    void affinityGroupCreateIsAuditedInItsVdc() {
        String vdc = vdcs.create(admin, new VdcRequest("team-d", null, null)).id();
        AffinityGroupServiceImpl groups = new AffinityGroupServiceImpl(db.tx(), publisher);
        Caller user = new Caller("frank", Role.USER, vdc, "u-frank", "198.51.100.20");

        String group = groups.create(user, new AffinityGroupRequest("web", "anti-affinity", null, null)).id();
        groups.delete(user, group);

        EventView created = only("affinity-group/created");
        assertActor(created, "frank", "198.51.100.20", Outcome.SUCCEEDED);
        assertThat(created.vdcId()).isEqualTo(vdc);
        assertThat(created.resourceId()).isEqualTo(group);
        assertActor(only("affinity-group/deleted"), "frank", "198.51.100.20", Outcome.SUCCEEDED);
    }

    @Test
    void refusalsAreRecordedAsRefusedInTheCallersVdc() {
        Caller user = new Caller("gina", Role.USER, "vdc-9", "u-gina", "198.51.100.30");
        assertThatThrownBy(() -> vdcs.create(user, new VdcRequest("mine", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN);
                    events.recordRefusal(user, "POST /api/v1/vdcs", e.getMessage());
                });

        EventView refused = only("auth/refused");
        assertActor(refused, "gina", "198.51.100.30", Outcome.REFUSED);
        assertThat(refused.vdcId()).isEqualTo("vdc-9");
        assertThat(refused.message()).startsWith("POST /api/v1/vdcs refused for gina (user): ");
        assertThat(all()).extracting(EventView::topic).containsExactly("auth/refused");
    }
}
