package org.ovm.core.task.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.task.TaskView;

/** Review F6: tasks are scoped by user id and VDC, never by user name. */
class TaskVisibilityTest {

    private static final String OP = "test.op";

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, new EventPublisher(db.tx(), executor),
            Duration.ofMinutes(1), Duration.ofSeconds(1));
    private final TaskServiceImpl tasks = new TaskServiceImpl(db.tx(), engine);

    private final Caller bTmp = new Caller("b_tmp", Role.USER, "vdc-b", "user-1");
    private final Caller bAdmin = new Caller("b_vadm", Role.VDC_ADMIN, "vdc-b", "user-2");
    private final Caller aAdmin = new Caller("a_vadm", Role.VDC_ADMIN, "vdc-a", "user-3");
    // a new user who took the deleted b_tmp's name, in VDC A
    private final Caller newBTmp = new Caller("b_tmp", Role.USER, "vdc-a", "user-4");
    private final Caller admin = new Caller("admin", Role.ADMIN, null, "user-0");

    TaskVisibilityTest() {
        engine.register(SimpleOperations.single(OP, "work", Operation.Recovery.RESUME,
                ctx -> CompletableFuture.completedFuture(Map.of())));
    }

    @AfterEach
    void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        db.close();
    }

    private String task(Caller caller, String vdcId) {
        return db.tx().call(em -> engine.create(em, OP, "res-" + caller.username(), caller, vdcId,
                TaskParams.NONE)).getId();
    }

    @Test
    void aReusedUserNameDoesNotOpenTheOldUsersTasks() {
        String id = task(bTmp, "vdc-b");

        assertThat(tasks.get(bTmp, id).user()).isEqualTo("b_tmp");
        assertNotFound(newBTmp, id);
        assertThat(tasks.list(newBTmp, Filters.NONE, PageRequest.of(null, null)).items()).isEmpty();
        // the name filter narrows, it never widens
        assertThat(tasks.list(newBTmp, new Filters(Map.of("user", "b_tmp")), PageRequest.of(null, null)).items())
                .isEmpty();
    }

    @Test
    void theVdcAdminOfTheTasksVdcAndAdminsSeeIt() {
        String id = task(bTmp, "vdc-b");

        assertThat(tasks.get(bAdmin, id).id()).isEqualTo(id);
        assertThat(tasks.get(admin, id).id()).isEqualTo(id);
        assertNotFound(aAdmin, id);
        assertThat(tasks.list(bAdmin, Filters.NONE, PageRequest.of(null, null)).items()).extracting(TaskView::id)
                .containsExactly(id);
        assertThat(tasks.list(bAdmin, new Filters(Map.of("user", "b_tmp")), PageRequest.of(null, null)).items())
                .extracting(TaskView::id).containsExactly(id);
        assertThat(tasks.list(aAdmin, Filters.NONE, PageRequest.of(null, null)).items()).isEmpty();
        assertThat(tasks.list(admin, Filters.NONE, PageRequest.of(null, null)).total()).isEqualTo(1);
    }

    @Test
    void aUserSeesOwnTasksButNotTheOtherUsersOfTheVdc() {
        String mine = task(bTmp, "vdc-b");
        String theirs = task(bAdmin, "vdc-b");

        assertThat(tasks.list(bTmp, Filters.NONE, PageRequest.of(null, null)).items()).extracting(TaskView::id)
                .containsExactly(mine);
        assertNotFound(bTmp, theirs);
        assertThat(tasks.list(bAdmin, Filters.NONE, PageRequest.of(null, null)).total()).isEqualTo(2);
    }

    @Test
    void rowsWrittenBeforeTheIdsWereStoredAreForAdminsOnly() {
        String id = task(bTmp, "vdc-b");
        db.tx().run(em -> {
            TaskEntity legacy = em.find(TaskEntity.class, id);
            legacy.setCallerId(null);
            legacy.setCallerVdcId(null);
        });

        assertNotFound(bTmp, id);
        assertNotFound(bAdmin, id);
        assertThat(tasks.list(bTmp, Filters.NONE, PageRequest.of(null, null)).items()).isEmpty();
        assertThat(tasks.get(admin, id).user()).isEqualTo("b_tmp");
    }

    @Test
    void theEngineItselfOwnsNothingAUserCouldMatch() {
        String id = task(Caller.SYSTEM, "vdc-b");

        assertNotFound(new Caller("system", Role.USER, "vdc-b", "user-9"), id);
        assertNotFound(bAdmin, id);
        assertThat(tasks.get(admin, id).user()).isEqualTo("system");
    }

    private void assertNotFound(Caller caller, String id) {
        assertThatThrownBy(() -> tasks.get(caller, id)).isInstanceOfSatisfying(OvmException.class,
                e -> assertThat(e.error()).isEqualTo(OvmError.NOT_FOUND));
    }
}
