package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostView;
import org.ovm.core.host.PowerManagementRequest;
import org.ovm.core.instance.internal.HaRestarts;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.plugin.internal.TestRegistries;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.fence.PowerStatus;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * Fencing on a real inventory with a scripted fence driver: a failed host with power management is powered off
 * first, and only once the driver reports it off are its HA instances restarted (then it is powered on again); a
 * fence that fails restarts nothing and backs off; a host that answered again is left alone. Power management is
 * stored with its password encrypted and checked field by field.
 */
class HostFencingTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");

    private final InventoryDb db = new InventoryDb();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final EventPublisher events = new EventPublisher(db.tx(), executor) {
        @Override
        public void record(String topic, String resourceId, String user, String source, Outcome outcome,
                String vdcId, String message) {
            if (topic.startsWith("host/f") || topic.startsWith("host/power")
                    && !topic.equals("host/power-management-updated")) {
                calls.add("event " + topic);
            }
            super.record(topic, resourceId, user, source, outcome, vdcId, message);
        }
    };
    private final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofSeconds(20),
            Duration.ofSeconds(1));
    private final ScriptedFence fence = new ScriptedFence();
    private final DriverRegistry<FenceDriver> fences = TestRegistries.of(FenceDriver.class, FenceDriver.TYPE, "fence",
            Map.of("ipmi", fence));
    private final SecretBox box = new SecretBox(new SecureRandom().generateSeed(32));
    private final HostAccess access = new HostAccess(db.tx(), box, TestRegistries.of(HypervisorDriver.class,
            "hypervisor.type", "hypervisor", Map.of()));
    private final HostPowerManagement power = new HostPowerManagement(db.tx(), access, fences, events, executor,
            h -> new HostView(h.getId(), h.getName(), h.getType(), null, null, null, null, null, null, null, 0, 0,
                    null, 0, 0, 1, 1, Map.of(), Map.of(), List.of(), null, null, HostPowerManagement.of(h), null,
                    h.getConfirmedDownBy()));
    private final HostFencing fencing = new HostFencing(db.tx(), engine, fences, power, events);

    /** Powers off after {@code offFailure} is null, else fails with it; records every call. */
    private final class ScriptedFence implements FenceDriver {
        volatile DriverException offFailure;

        @Override
        public String type() {
            return "ipmi";
        }

        @Override
        public CompletionStage<PowerStatus> status(OperationContext ctx, FenceEndpoint endpoint) {
            calls.add("status " + endpoint.address() + " " + endpoint.password());
            return CompletableFuture.completedFuture(PowerStatus.ON);
        }

        @Override
        public CompletionStage<Void> powerOff(OperationContext ctx, FenceEndpoint endpoint) {
            calls.add("off " + endpoint.hostId());
            return offFailure == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(offFailure);
        }

        @Override
        public CompletionStage<Void> powerOn(OperationContext ctx, FenceEndpoint endpoint) {
            calls.add("on " + endpoint.hostId());
            return CompletableFuture.completedFuture(null);
        }
    }

    HostFencingTest() {
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CPUS, MEMORY_MIB, CREATED_AT) VALUES ('h1', 'kvm1', 'kvm', "
                + "'qemu:///h1', 'NON_RESPONSIVE', 8, 8192, 0)");
        engine.register(fencing.operation(ctx -> {
            HostEntity host = host();
            calls.add("restart known-off-by=" + host.getConfirmedDownBy());
            return CompletableFuture.completedFuture(Map.of("restarted", "1"));
        }));
        power.set(ADMIN, "h1", new PowerManagementRequest("ipmi", "10.0.0.5", 623, "fence", "s3cret",
                Map.of("cipherSuite", "3"), null));
        calls.clear();
    }

    @AfterEach
    void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    @Test
    void theHostIsPoweredOffBeforeItsInstancesRestartThenPoweredOn() throws Exception {
        fencing.request(host());
        TaskEntity task = finish();

        assertThat(task.getState()).as(task.getError()).isEqualTo("SUCCEEDED");
        assertThat(calls).containsExactly("off h1", "event host/fenced",
                "restart known-off-by=power management (ipmi)", "on h1", "event host/powered-on");
        assertThat(host().getConfirmedDownAt()).isNotNull();
        // known off: no second fence
        fencing.request(host());
        assertThat(pending()).isZero();
    }

    @Test
    void aFenceThatFailsRestartsNothingAndBacksOff() throws Exception {
        fence.offFailure = new DriverException(ErrorCode.TIMEOUT, "the BMC did not report the power off; the host "
                + "may still be running", true, null);
        fencing.request(host());
        TaskEntity task = finish();

        assertThat(task.getState()).isEqualTo("FAILED");
        assertThat(calls).containsExactly("off h1", "event host/fence-failed");
        assertThat(host().getConfirmedDownAt()).isNull();
        assertThat(fencing.note(host())).contains("failed 1 time(s), retried in").contains("may still be running")
                .contains("/confirm-down");
        fencing.request(host()); // within the backoff: nothing
        assertThat(pending()).isZero();
        assertThat(HaRestarts.delay(1)).isEqualTo(15_000);
        assertThat(HaRestarts.delay(3)).isEqualTo(60_000);
        assertThat(HaRestarts.delay(50)).isEqualTo(300_000);
    }

    @Test
    void aHostThatAnsweredAgainIsNotFenced() throws Exception {
        sql("UPDATE HOSTS SET STATE = 'UP' WHERE ID = 'h1'");
        engine.submit(HostFencing.NAME, "h1", Caller.SYSTEM, null, TaskParams.NONE);
        TaskEntity task = finish();

        assertThat(task.getState()).isEqualTo("SUCCEEDED");
        assertThat(calls).isEmpty();
    }

    @Test
    void powerManagementIsStoredEncryptedAndCheckedFieldByField() {
        String stored = db.tx().call(em -> (String) em.createNativeQuery("SELECT PM_SECRET FROM HOSTS WHERE ID = 'h1'")
                .getSingleResult());
        assertThat(stored).doesNotContain("s3cret");
        assertThat(box.decrypt(stored)).isEqualTo("s3cret");
        HostView view = power.set(ADMIN, "h1", new PowerManagementRequest("ipmi", "10.0.0.6", null, "fence", null,
                Map.of(), false));
        assertThat(view.powerManagement().passwordSet()).isTrue();
        assertThat(view.powerManagement().port()).isNull();
        assertThat(view.powerManagement().powerOnAfterFence()).isFalse();

        assertThat(invalid(new PowerManagementRequest("ipmi", "-H", null, "u", "p", null, null))).isEqualTo("address");
        assertThat(invalid(new PowerManagementRequest("ipmi", "bmc", 0, "u", "p", null, null))).isEqualTo("port");
        assertThat(invalid(new PowerManagementRequest("ipmi", "bmc", null, " ", "p", null, null))).isEqualTo("username");
        assertThat(invalid(new PowerManagementRequest("IPMI!", "bmc", null, "u", "p", null, null))).isEqualTo("type");
        assertThatThrownBy(() -> power.set(ADMIN, "h1", new PowerManagementRequest("redfish", "bmc", null, "u", "p",
                null, null))).isInstanceOfSatisfying(OvmException.class,
                        e -> assertThat(e.error()).isEqualTo(OvmError.DRIVER_UNAVAILABLE));
        assertThatThrownBy(() -> power.set(new Caller("bob", Role.USER, null, "u-bob"), "h1",
                new PowerManagementRequest("ipmi", "bmc", null, "u", "p", null, null)))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.error()).isEqualTo(OvmError.FORBIDDEN));

        // the test uses the stored password when the form leaves it out
        assertThat(power.test(ADMIN, "h1", new PowerManagementRequest("ipmi", "10.0.0.7", null, "fence", null, null,
                null)).status()).isEqualTo("ON");
        assertThat(calls).containsExactly("status 10.0.0.7 s3cret");
        assertThat(power.remove(ADMIN, "h1").powerManagement()).isNull();
        assertThatThrownBy(() -> power.test(ADMIN, "h1", null)).isInstanceOfSatisfying(OvmException.class,
                e -> assertThat(e.error()).isEqualTo(OvmError.CONFLICT));
    }

    private String invalid(PowerManagementRequest request) {
        try {
            power.set(ADMIN, "h1", request);
        } catch (OvmException e) {
            assertThat(e.error()).isEqualTo(OvmError.INVALID_INPUT);
            return e.field();
        }
        throw new AssertionError("accepted " + request);
    }

    private TaskEntity finish() throws Exception {
        TaskEntity task = db.tx().call(em -> em.createQuery("SELECT t FROM TaskEntity t WHERE t.operation = ?1 ORDER "
                + "BY t.createdAt DESC", TaskEntity.class).setParameter(1, HostFencing.NAME).setMaxResults(1)
                .getSingleResult());
        engine.whenFinished(task.getId()).get(20, TimeUnit.SECONDS);
        return db.tx().call(em -> em.find(TaskEntity.class, task.getId()));
    }

    private long pending() {
        return db.tx().call(em -> em.createQuery("SELECT COUNT(t) FROM TaskEntity t WHERE t.operation = ?1 AND "
                + "(t.state = 'QUEUED' OR t.state = 'RUNNING')", Long.class).setParameter(1, HostFencing.NAME)
                .getSingleResult());
    }

    private HostEntity host() {
        return db.tx().call(em -> em.find(HostEntity.class, "h1"));
    }

    private void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }
}
