package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.auth.UserRequest;
import org.ovm.core.auth.UserUpdate;
import org.ovm.core.auth.UserView;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.support.InventoryDb;

/** Issue 14: role and VDC changes, and the rules that keep the engine administrable. */
class UserAccountsTest {

    private final InventoryDb db = new InventoryDb();
    private final AuthServiceImpl auth = new AuthServiceImpl(db.tx(), new EventPublisher(db.tx(), Runnable::run));

    UserAccountsTest() {
        auth.bootstrapAdmin("first-admin-pw");
        sql("INSERT INTO VDCS (ID, NAME, CREATED_AT) VALUES ('vdc-a', 'team-a', 0)");
        sql("INSERT INTO VDCS (ID, NAME, CREATED_AT) VALUES ('vdc-b', 'team-b', 0)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private Caller admin() {
        return auth.caller("admin");
    }

    private UserView user(String name, String role, String vdcId) {
        return auth.createUser(admin(), new UserRequest(name, name + "-password-1", role, vdcId));
    }

    private static void conflict(Runnable action, String field, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private List<String> events(String topic) {
        return db.tx().call(em -> em.createQuery("SELECT e.message FROM EventEntity e WHERE e.topic = ?1 ORDER BY "
                + "e.occurredAt", String.class).setParameter(1, topic).getResultList());
    }

    @Test
    void anAdminChangesRoleAndVdcAndTheChangeIsAudited() {
        UserView bob = user("bob", "user", "vdc-a");
        UserView changed = auth.updateUser(admin(), bob.id(), new UserUpdate("vdc-admin", "vdc-b"));
        assertThat(changed.role()).isEqualTo("vdc-admin");
        assertThat(changed.vdcId()).isEqualTo("vdc-b");
        assertThat(auth.caller("bob").role()).isEqualTo(Role.VDC_ADMIN);
        assertThat(events("user/updated")).containsExactly(
                "user bob updated by admin: role user -> vdc-admin, VDC team-a -> team-b");

        UserView promoted = auth.updateUser(admin(), bob.id(), new UserUpdate("admin", null));
        assertThat(promoted.vdcId()).isNull(); // an admin belongs to no VDC
    }

    @Test
    void theValidationOfACreateApplies() {
        UserView bob = user("bob", "user", "vdc-a");
        assertThatThrownBy(() -> auth.updateUser(admin(), bob.id(), new UserUpdate("root", null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("role"));
        assertThatThrownBy(() -> auth.updateUser(admin(), bob.id(), new UserUpdate(null, "nowhere")))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("vdcId"));
        assertThatThrownBy(() -> auth.updateUser(admin(), bob.id(), new UserUpdate(null, "")))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("vdcId");
                });
        assertThatThrownBy(() -> auth.updateUser(auth.caller("bob"), bob.id(), new UserUpdate("admin", null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN));
    }

    @Test
    void nobodyChangesTheirOwnRoleOrDeletesTheirOwnAccount() {
        UserView second = user("second", "admin", null);
        Caller admin = admin();
        conflict(() -> auth.updateUser(admin, admin.userId(), new UserUpdate("user", "vdc-a")), "role",
                UserAccounts.OWN_ROLE);
        conflict(() -> auth.deleteUser(admin, admin.userId()), null, UserAccounts.OWN_ACCOUNT);
        // another admin can
        auth.updateUser(auth.caller("second"), admin.userId(), new UserUpdate("user", "vdc-a"));
        assertThat(auth.caller("admin").role()).isEqualTo(Role.USER);
        assertThat(second.role()).isEqualTo("admin");
    }

    @Test
    void theLastAdminIsNeverDeletedNorDemoted() {
        Caller admin = admin();
        conflict(() -> auth.deleteUser(admin, admin.userId()), null, "admin is the last administrator");
        UserView second = user("second", "admin", null);
        auth.updateUser(admin, second.id(), new UserUpdate("user", "vdc-a"));
        conflict(() -> auth.deleteUser(admin, admin.userId()), null, "make another user an administrator first");
        // the shell's system caller is no account: the rule holds for it too
        conflict(() -> auth.updateUser(Caller.SYSTEM, admin.userId(), new UserUpdate("user", "vdc-a")), "role",
                "admin is the last administrator and cannot be demoted");
        assertThat(auth.caller("admin").role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aUserLeavesAVdcOnlyWhenTheyOwnNothingThere() {
        UserView carol = user("carol", "user", "vdc-a");
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h1', 'kvm1', 'kvm', 'qemu:///x', "
                + "'UP', 0)");
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, VDC_ID, STATE, CPUS, MEMORY_MIB, MANAGED, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i1', 'web1', 'h1', 'vdc-a', 'RUNNING', 1, 512, TRUE, 0, 0)");
        sql("INSERT INTO TASKS (ID, OPERATION, RESOURCE_ID, STATE, CALLER, CALLER_ID, STEPS_DONE, STEP_COUNT, "
                + "CREATED_AT, UPDATED_AT) VALUES ('t1', 'instance.create', 'i1', 'SUCCEEDED', 'carol', '"
                + carol.id() + "', 1, 1, 0, 0)");
        conflict(() -> auth.updateUser(admin(), carol.id(), new UserUpdate(null, "vdc-b")), "vdcId",
                "user carol owns instances or volumes in VDC team-a (web1): delete them");
        sql("DELETE FROM INSTANCES");
        assertThat(auth.updateUser(admin(), carol.id(), new UserUpdate(null, "vdc-b")).vdcId()).isEqualTo("vdc-b");
    }
}
