package org.ovm.core.network.internal;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.network.NetworkRequest;
import org.ovm.core.network.NetworkView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkTarget;

/**
 * The network side of the kernel on an in-memory inventory, with fake drivers: {@code fake} (no
 * capability), {@code fake-vlan} (VLAN and DHCP) and hosts {@code h1}, {@code h2}, {@code h3}.
 */
final class NetworkFixture implements AutoCloseable {

    static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");
    static final Caller ALICE = new Caller("alice", Role.USER, "vdc-a", "u-alice");

    final InventoryDb db = new InventoryDb();
    final ExecutorService executor = Executors.newCachedThreadPool();
    final EventPublisher events = new EventPublisher(db.tx(), executor);
    final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofMinutes(1), Duration.ofSeconds(1));
    final FakeNetworkDriver plain = new FakeNetworkDriver();
    final FakeNetworkDriver vlan = new FakeNetworkDriver(NetworkCapability.VLAN, NetworkCapability.DHCP);
    final Map<String, NetworkDriver> drivers = Map.of("fake", plain, "fake-vlan", vlan);
    final HypervisorDriver hypervisor = (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HypervisorDriver.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });
    final NetworkTargets targets = (hostId, wait) -> CompletableFuture.completedFuture(new NetworkTarget(
            new HostEndpoint(hostId, "sim://" + hostId, null, null, Map.of()), "kvm", hypervisor));
    final AddressClaims addresses = new AddressClaims();
    final Realizations realizations = new Realizations(db.tx(), this::driver, addresses);
    final NetworkDeletion deletion = new NetworkDeletion(db.tx(), engine, targets, this::driver, events);
    final NetworkServiceImpl networks = new NetworkServiceImpl(db.tx(), this::driver, events, deletion);

    NetworkFixture() {
        engine.register(deletion.operation());
        sql("INSERT INTO VDCS (ID, NAME, CREATED_AT) VALUES ('vdc-a', 'team-a', 0)");
        for (String host : List.of("h1", "h2", "h3")) {
            sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('" + host + "', 'host-" + host
                    + "', 'kvm', 'qemu:///x', 'UP', 0)");
        }
    }

    NetworkDriver driver(String type) {
        NetworkDriver driver = drivers.get(type);
        if (driver == null) {
            throw new OvmException(OvmError.DRIVER_UNAVAILABLE, "network driver " + type + " not installed");
        }
        return driver;
    }

    void sql(String statement) {
        db.tx().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    <T> List<T> query(String jpql, Class<T> type, Object... params) {
        return db.tx().call(em -> {
            var query = em.createQuery(jpql, type);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.getResultList();
        });
    }

    NetworkView create(String name, String type, Integer vlanId, String cidr) {
        return networks.create(ADMIN, new NetworkRequest(name, type, vlanId, cidr, null, null, null, null, null, null));
    }

    NetworkEntity entity(String id) {
        return db.tx().call(em -> em.find(NetworkEntity.class, id));
    }

    NetworkTarget target(String hostId) {
        return targets.target(hostId, false).toCompletableFuture().join();
    }

    OperationContext context() {
        return new OperationContext("test", Instant.now().plusSeconds(60), "root", executor);
    }

    /** Gives an instance {@code instanceId} (of VDC vdc-a) the next free address of the network. */
    String claimForInstance(String networkId, String instanceId) {
        return db.tx().call(em -> addresses.claim(em, em.find(NetworkEntity.class, networkId), null, instanceId,
                "vdc-a", 0, "52:54:00").getAddress());
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }
}
