package org.ovm.core.network.security.internal;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.ovm.core.Caller;
import org.ovm.core.Role;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortSecuritySupport;

/**
 * The security groups' world for unit tests: the real inventory (in-memory Derby), task engine and
 * service, a host {@code h1}, VDCs {@code vdc-a} and {@code vdc-b}, a network {@code n1} of type
 * {@code fake} whose driver records the port policies it is given, and instances added with
 * {@link #instance}.
 */
final class SecurityFixture implements AutoCloseable {

    static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");
    static final Caller ALICE = new Caller("alice", Role.USER, "vdc-a", "u-alice");
    static final Caller BOB = new Caller("bob", Role.USER, "vdc-b", "u-bob");

    final InventoryDb db = new InventoryDb();
    final ExecutorService executor = Executors.newCachedThreadPool();
    final EventPublisher events = new EventPublisher(db.tx(), executor);
    final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofMinutes(1), Duration.ofSeconds(1));
    final RecordingDriver driver = new RecordingDriver();
    final List<String> targets = new CopyOnWriteArrayList<>();
    final PortPolicies policies = new PortPolicies(db.tx(), type -> "fake".equals(type) ? Optional.of(driver)
            : Optional.empty(), (hostId, wait) -> {
                targets.add(hostId);
                return CompletableFuture.completedFuture(new NetworkTarget(new HostEndpoint(hostId, "fake://" + hostId,
                        null, null, Map.of()), "fake", hypervisor()));
            });
    final SecurityGroupServiceImpl service = new SecurityGroupServiceImpl(db.tx(), engine, events);

    SecurityFixture() {
        new PolicyOperations(db.tx(), policies).all().forEach(engine::register);
        sql("INSERT INTO VDCS (ID, NAME, CREATED_AT) VALUES ('vdc-a', 'team-a', 0)");
        sql("INSERT INTO VDCS (ID, NAME, CREATED_AT) VALUES ('vdc-b', 'team-b', 0)");
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('h1', 'host1', 'fake', 'fake://h1', "
                + "'UP', 0)");
        sql("INSERT INTO NETWORKS (ID, NAME, TYPE, VLAN, CIDR, RANGE_START, RANGE_END, CREATED_AT) VALUES ('n1', "
                + "'lan', 'fake', 10, '10.0.0.0/24', '10.0.0.2', '10.0.0.254', 0)");
    }

    void sql(String statement, Object... values) {
        db.tx().run(em -> {
            var query = em.createNativeQuery(statement);
            for (int i = 0; i < values.length; i++) {
                query.setParameter(i + 1, values[i]);
            }
            query.executeUpdate();
        });
    }

    /** An instance of {@code vdc} on h1 with one NIC on n1 at {@code ip} (MAC derived from the ip); its id. */
    String instance(String name, String vdc, String ip, String state) {
        String id = "i-" + name;
        sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, VDC_ID, STATE, CPUS, MEMORY_MIB, MANAGED, CREATED_AT, "
                + "UPDATED_AT) VALUES (?, ?, 'h1', ?, ?, 1, 64, TRUE, 0, 0)", id, name, vdc, state);
        sql("INSERT INTO IP_ADDRESSES (ID, NETWORK_ID, ADDRESS, MAC, INSTANCE_ID, VDC_ID, NIC_INDEX, CREATED_AT) "
                + "VALUES (?, 'n1', ?, ?, ?, ?, 0, 0)", "ip-" + name, ip, mac(ip), id, vdc);
        return id;
    }

    static String mac(String ip) {
        return String.format("52:54:00:00:00:%02x", Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)));
    }

    /** The task, once it has finished. */
    TaskView finished(TaskView task) {
        engine.whenFinished(task.id()).orTimeout(20, TimeUnit.SECONDS).join();
        return new org.ovm.core.task.internal.TaskServiceImpl(db.tx(), engine).get(ADMIN, task.id());
    }

    /** The task about {@code resourceId} the last change started, once finished; null when there is none. */
    String lastTaskState(String resourceId) {
        List<String> ids = db.tx().call(em -> em.createQuery("SELECT t.id FROM TaskEntity t WHERE t.resourceId = ?1 "
                + "ORDER BY t.createdAt DESC", String.class).setParameter(1, resourceId).setMaxResults(1)
                .getResultList());
        if (ids.isEmpty()) {
            return null;
        }
        engine.whenFinished(ids.get(0)).orTimeout(20, TimeUnit.SECONDS).join();
        return db.tx().call(em -> em.find(org.ovm.core.internal.inventory.TaskEntity.class, ids.get(0)).getState());
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    static HypervisorDriver hypervisor() {
        return (HypervisorDriver) Proxy.newProxyInstance(SecurityFixture.class.getClassLoader(),
                new Class<?>[] {HypervisorDriver.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A network driver that records the policies it is given; {@link #refuse} makes it answer UNSUPPORTED. */
    static final class RecordingDriver implements NetworkDriver, PortSecuritySupport {

        final Map<String, PortPolicy> applied = new ConcurrentHashMap<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public String type() {
            return "fake";
        }

        @Override
        public Set<NetworkCapability> capabilities() {
            return EnumSet.of(NetworkCapability.SECURITY_GROUPS);
        }

        @Override
        public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
            return CompletableFuture.completedFuture("br");
        }

        @Override
        public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
                String mac, String ip) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
                String mac) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> applyPortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
                PortPolicy policy) {
            if (refuse) {
                return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "hosts of type "
                        + target.hostType() + " cannot filter NICs"));
            }
            applied.put(policy.mac(), policy);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> removePortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
                String mac) {
            removed.add(mac);
            applied.remove(mac);
            return CompletableFuture.completedFuture(null);
        }
    }
}
