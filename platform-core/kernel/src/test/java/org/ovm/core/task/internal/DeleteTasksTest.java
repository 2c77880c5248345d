package org.ovm.core.task.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.task.TaskView;

/** Review F16: concurrent deletes of one resource are one task, which every one of them answers with. */
class DeleteTasksTest {

    private static final String OP = "volume.delete";

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, new EventPublisher(db.tx(), executor),
            Duration.ofMinutes(1), Duration.ofSeconds(1));
    private final DeleteTasks deletes = new DeleteTasks(db.tx(), engine);
    private final CompletableFuture<Map<String, String>> release = new CompletableFuture<>();
    private final Caller alice = new Caller("alice", Role.USER, "vdc-a", "u-alice");

    DeleteTasksTest() {
        // the delete runs until the test lets it finish
        engine.register(SimpleOperations.single(OP, "delete", Operation.Recovery.RESUME, ctx -> release));
        db.tx().run(em -> {
            em.createNativeQuery("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('p1', "
                    + "'local', 'local', 'file:///p', 'UP', 0)").executeUpdate();
            em.createNativeQuery("INSERT INTO VOLUMES (ID, NAME, POOL_ID, VDC_ID, SIZE_BYTES, FORMAT, STATE, "
                    + "CREATED_AT) VALUES ('v1', 'data', 'p1', 'vdc-a', 1, 'qcow2', 'DETACHED', 0)").executeUpdate();
        });
    }

    @AfterEach
    void close() throws InterruptedException {
        release.complete(Map.of());
        executor.shutdownNow();
        executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        db.close();
    }

    private TaskView delete(Caller caller) {
        return deletes.start(caller, new DeleteTasks.Target("volume", "data", "v1", "vdc-a", OP,
                "UPDATE VOLUMES SET STATE = STATE WHERE ID = ?", List.of()), TaskParams.NONE, em -> {
                });
    }

    @Test
    void tenConcurrentDeletesAreOneTask() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TaskView>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(callers.submit(() -> {
                go.await();
                return delete(alice);
            }));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<TaskView> answer : answers) {
            ids.add(answer.get().id());
        }
        callers.shutdown();

        assertThat(ids).hasSize(10).containsOnly(ids.get(0));
        long tasks = db.tx().call(em -> em.createQuery("SELECT COUNT(t) FROM TaskEntity t", Long.class)
                .getSingleResult());
        assertThat(tasks).isEqualTo(1);
    }

    @Test
    void aDeleteAfterTheFirstFinishedStartsAnew() throws Exception {
        String first = delete(alice).id();
        release.complete(Map.of());
        engine.whenFinished(first).get();

        assertThat(delete(alice).id()).isNotEqualTo(first);
    }

    @Test
    void aCallerWhoCannotReadTheRunningTaskGetsA409NamingIt() {
        String first = delete(alice).id();
        Caller bob = new Caller("bob", Role.USER, "vdc-a", "u-bob");

        assertThatThrownBy(() -> delete(bob)).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.error()).isEqualTo(OvmError.CONFLICT);
            assertThat(e.getMessage()).isEqualTo("volume data is already being deleted by task " + first);
        });
        assertThat(delete(new Caller("vadm", Role.VDC_ADMIN, "vdc-a", "u-vadm")).id()).isEqualTo(first);
    }

    @Test
    void aMissingRowIsNotFoundAndTheCheckCanRefuse() {
        assertThatThrownBy(() -> deletes.start(alice, new DeleteTasks.Target("volume", "x", "nope", null, OP,
                "UPDATE VOLUMES SET STATE = STATE WHERE ID = ?", List.of()), TaskParams.NONE, em -> {
                })).isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(
                        OvmError.NOT_FOUND));
        assertThatThrownBy(() -> deletes.start(alice, new DeleteTasks.Target("volume", "data", "v1", null, OP,
                "UPDATE VOLUMES SET STATE = STATE WHERE ID = ?", List.of()), TaskParams.NONE, em -> {
                    throw OvmException.conflict(null, "attached");
                })).hasMessage("attached");
        long tasks = db.tx().call(em -> em.createQuery("SELECT COUNT(t) FROM TaskEntity t", Long.class)
                .getSingleResult());
        assertThat(tasks).isZero();
    }
}
