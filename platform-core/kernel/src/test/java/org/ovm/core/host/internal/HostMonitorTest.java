package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.plugin.internal.TestRegistries;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * The host monitor's two-miss rule on a real inventory, probe outcomes given directly (no clock, no
 * driver): SUSPECT, DOWN, NON_RESPONSIVE when an HA instance waits (with the events in that order and
 * the admin's way out in the reason), damped recovery, and an admin's confirmation lapsing when the
 * host answers again.
 */
class HostMonitorTest {

    private static final HostFacts FACTS = new HostFacts("fake", 8, 8192, "1", Map.of());
    private static final DriverException GONE = new DriverException(ErrorCode.UNREACHABLE, "connection refused");

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> topics = new CopyOnWriteArrayList<>();
    private final List<String> retried = new CopyOnWriteArrayList<>();
    private final EventPublisher events = new EventPublisher(db.tx(), executor) {
        @Override
        public void record(String topic, String resourceId, String user, String source, Outcome outcome,
                String vdcId, String message) {
            topics.add(topic + " " + message);
            super.record(topic, resourceId, user, source, outcome, vdcId, message);
        }
    };
    private final DriverRegistry<HypervisorDriver> drivers = TestRegistries.of(HypervisorDriver.class,
            "hypervisor.type", "hypervisor", Map.of());
    private final HostAccess access = new HostAccess(db.tx(), new SecretBox(new SecureRandom().generateSeed(32)),
            drivers);
    private final HostMonitor monitor = new HostMonitor(db.tx(), access, new HostOperations(db.tx(), access, events,
            id -> {
            }), drivers, scheduler, executor, Duration.ofSeconds(5), retried::add);

    HostMonitorTest() {
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CPUS, MEMORY_MIB, CREATED_AT) VALUES ('h1', 'kvm1', 'kvm', "
                + "'qemu:///h1', 'UP', 8, 8192, 0)");
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('ps', 'shared', 'nfs', "
                + "'nfs://n/e', 'UP', 0)");
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        executor.shutdownNow();
        db.close();
    }

    @Test
    void oneMissIsSuspectTwoAreDownAndAnAnswerIsUp() {
        monitor.settle("h1", null, GONE);
        assertThat(host().getState()).isEqualTo(HostState.SUSPECT);
        assertThat(host().getStateReason()).isEqualTo("missed a probe: connection refused");
        monitor.settle("h1", FACTS, null);
        assertThat(host().getState()).as("a suspect host that answers is UP at once").isEqualTo(HostState.UP);

        monitor.settle("h1", null, GONE);
        monitor.settle("h1", null, GONE);
        assertThat(host().getState()).isEqualTo(HostState.DOWN);
        assertThat(host().getStateReason()).isEqualTo("missed 2 probes in a row: connection refused");
        assertThat(topics).extracting(t -> t.split(" ")[0]).containsExactly("host/suspect", "host/state",
                "host/suspect", "host/down");
    }

    @Test
    void aDownHostNeedsTwoGoodProbesInARow() {
        monitor.settle("h1", null, GONE);
        monitor.settle("h1", null, GONE);
        monitor.settle("h1", FACTS, null);
        assertThat(host().getState()).isEqualTo(HostState.DOWN);
        assertThat(host().getStateReason()).contains("1 good probe(s) in a row; UP after 2");
        monitor.settle("h1", null, GONE);
        monitor.settle("h1", FACTS, null);
        assertThat(host().getState()).as("the streak starts again after a miss").isEqualTo(HostState.DOWN);
        monitor.settle("h1", FACTS, null);
        assertThat(host().getState()).isEqualTo(HostState.UP);
    }

    @Test
    void aDownHostWithAnHaInstanceToRestartIsNonResponsiveAndSaysWhatReleasesIt() {
        instance("i1", "web", true, "ps", "RUNNING");
        instance("i2", "db", true, "ps", "STOPPED"); // was not running: nothing to restart
        instance("i3", "batch", false, "ps", "RUNNING");

        monitor.settle("h1", null, GONE);
        monitor.settle("h1", null, GONE);

        assertThat(host().getState()).isEqualTo(HostState.NON_RESPONSIVE);
        assertThat(host().getStateReason()).isEqualTo("HA instances web wait: confirm that host kvm1 is powered off "
                + "(POST /hosts/h1/confirm-down) or bring it back");
        assertThat(topics).extracting(t -> t.split(" ")[0]).containsExactly("host/suspect", "host/down",
                "host/non-responsive");
        assertThat(topics.get(2)).contains("HA instances web wait: confirm that host kvm1 is powered off");
        assertThat(retried).as("not confirmed: nothing is retried").isEmpty();
    }

    @Test
    void anHaInstanceWithALocalDiskDoesNotMakeTheHostNonResponsive() {
        sql("INSERT INTO STORAGE_POOLS (ID, NAME, TYPE, URI, HOST_ID, STATE, CREATED_AT) VALUES ('pl', 'local', "
                + "'local', 'file:///l', 'h1', 'UP', 0)");
        instance("i1", "web", true, "pl", "RUNNING");

        monitor.settle("h1", null, GONE);
        monitor.settle("h1", null, GONE);

        assertThat(host().getState()).isEqualTo(HostState.DOWN);
    }

    @Test
    void aConfirmedHostWhoseInstancesStillWaitIsRetriedAndTheConfirmationLapsesWhenItAnswers() {
        instance("i1", "web", true, "ps", "RUNNING");
        monitor.settle("h1", null, GONE);
        monitor.settle("h1", null, GONE);
        sql("UPDATE HOSTS SET CONFIRMED_DOWN_AT = 1, CONFIRMED_DOWN_BY = 'root' WHERE ID = 'h1'");

        monitor.settle("h1", null, GONE);

        assertThat(retried).containsExactly("h1");
        assertThat(host().getStateReason()).isEqualTo("known powered off (root); HA instances web wait for a "
                + "host to restart on (retried)");
        monitor.settle("h1", FACTS, null);
        monitor.settle("h1", FACTS, null);
        assertThat(host().getState()).isEqualTo(HostState.UP);
        assertThat(host().getConfirmedDownAt()).isNull();
    }

    @Test
    void refusedCredentialsAreAnErrorAtOnce() {
        monitor.settle("h1", null, new DriverException(ErrorCode.UNAUTHORIZED, "bad password"));
        assertThat(host().getState()).isEqualTo(HostState.ERROR);
    }

    private void instance(String id, String name, boolean ha, String pool, String state) {
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, STATE, CPUS, MEMORY_MIB, MANAGED, BACKEND_ID, CREATED_AT, "
                + "UPDATED_AT, HA, KIND) VALUES ('" + id + "', '" + name + "', 'h1', '" + state + "', 1, 128, TRUE, "
                + "'dom-" + id + "', 0, 0, " + ha + ", 'vm')");
        sql("INSERT INTO VOLUMES (ID, NAME, POOL_ID, INSTANCE_ID, SIZE_BYTES, FORMAT, PATH, STATE, CREATED_AT) VALUES "
                + "('v" + id + "', '" + name + "-root', '" + pool + "', '" + id + "', 1, 'qcow2', '/p/" + id
                + "', 'ATTACHED', 0)");
    }

    private HostEntity host() {
        return db.tx().call(em -> em.find(HostEntity.class, "h1"));
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }
}
