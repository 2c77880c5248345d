package org.ovm.core.storage.internal;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.ovm.core.Caller;
import org.ovm.core.Role;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.InventoryDb;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.plugin.internal.TestRegistries;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NasMountSupport;
import org.ovm.spi.hypervisor.NfsShare;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.storage.StorageDriver;

/**
 * The storage side of the kernel on an in-memory inventory: fake drivers {@code fakenfs} (shared,
 * with its own probe) and {@code fakelocal} (one host), zone z1 with cluster c1 (hosts h1, h2) and
 * host h3 outside it, and a KVM-like hypervisor that reports instance backend {@code b-paused} as
 * paused on an I/O error and records resumes.
 */
final class PoolFixture implements AutoCloseable {

    static final Caller ADMIN = new Caller("root", Role.ADMIN, null, "u-root");
    static final Caller ALICE = new Caller("alice", Role.USER, "vdc-a", "u-alice");

    final InventoryDb db = new InventoryDb();
    final ExecutorService executor = Executors.newCachedThreadPool();
    final EventPublisher events = new EventPublisher(db.tx(), executor);
    final TaskEngine engine = new TaskEngine(db.tx(), executor, events, Duration.ofMinutes(1), Duration.ofSeconds(1));
    final FakePoolStorage.Shared nfs = new FakePoolStorage.Shared("fakenfs");
    final FakePoolStorage local = new FakePoolStorage("fakelocal", false);
    final DriverRegistry<StorageDriver> storageDrivers = TestRegistries.of(StorageDriver.class, "storage.type",
            "storage", Map.of("fakenfs", nfs, "fakelocal", local));
    final List<String> resumed = new CopyOnWriteArrayList<>();
    final HypervisorDriver hypervisor = (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HypervisorDriver.class, PauseSupport.class}, (proxy, method, args) -> switch (method
                    .getName()) {
                case "type" -> "kvm";
                case "findInstance" -> CompletableFuture.completedFuture(Optional.of(new InstanceInfo((String) args[2],
                        "vm", "b-paused".equals(args[2]) ? PowerState.PAUSED : PowerState.RUNNING, 1, 64,
                        "b-paused".equals(args[2]) ? Map.of(PauseSupport.PAUSE_REASON, PauseSupport.IO_ERROR)
                                : Map.of())));
                case "resume" -> {
                    resumed.add((String) args[2]);
                    yield CompletableFuture.completedFuture(new InstanceInfo((String) args[2], "vm",
                            PowerState.RUNNING, 1, 64, Map.of()));
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });
    /** What the ESXi-like hypervisor (hosts of type esxi) was asked to mount and unmount. */
    final List<String> mounts = new CopyOnWriteArrayList<>();
    /** When set, its mounts fail with this reason. */
    volatile String mountFailure;
    final HypervisorDriver esxi = (HypervisorDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HypervisorDriver.class, NasMountSupport.class}, (proxy, method, args) -> switch (method
                    .getName()) {
                case "type" -> "esxi";
                case "mountNfs" -> {
                    NfsShare share = (NfsShare) args[2];
                    String failure = mountFailure;
                    if (failure != null) {
                        yield CompletableFuture.failedFuture(new DriverException(ErrorCode.BACKEND_FAILURE, failure));
                    }
                    mounts.add("mount " + ((HostEndpoint) args[1]).hostId() + " " + share.url() + " " + share.poolName());
                    yield CompletableFuture.completedFuture("ovm-" + share.poolName());
                }
                case "unmountNfs" -> {
                    mounts.add("unmount " + ((HostEndpoint) args[1]).hostId() + " " + ((NfsShare) args[2]).url());
                    yield CompletableFuture.completedFuture(null);
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });
    final DriverRegistry<HypervisorDriver> hypervisors = TestRegistries.of(HypervisorDriver.class, "hypervisor.type",
            "hypervisor", Map.of("kvm", hypervisor, "esxi", esxi));
    final HostAccess hostAccess = new HostAccess(db.tx(), new SecretBox(key()), hypervisors);
    final StorageAccess access = new StorageAccess(db.tx(), hostAccess, storageDrivers);
    final StoragePoolServiceImpl pools = new StoragePoolServiceImpl(db.tx(), engine, storageDrivers);
    final ClusterPools clusterPools = new ClusterPools(db.tx(), engine);
    final QuotaClaims quotas = new QuotaClaims();
    final VolumeServiceImpl volumes = new VolumeServiceImpl(db.tx(), engine, quotas, access, new VolumeMobility(
            db.tx(), engine, quotas, storageDrivers::find, hypervisors::find));
    final PoolMonitor monitor = new PoolMonitor(db.tx(), access, storageDrivers, events,
            new PausedGuests(db.tx(), hostAccess, events, executor), executor, Duration.ofSeconds(60));

    PoolFixture() {
        new StorageOperations(db.tx(), access, events).all().forEach(engine::register);
        new VolumeOperations(db.tx(), hostAccess, access, events, quotas).all().forEach(engine::register);
        sql("INSERT INTO VDCS (ID, NAME, CREATED_AT) VALUES ('vdc-a', 'team-a', 0)");
        sql("INSERT INTO ZONES (ID, NAME, CREATED_AT, DEFAULT_ZONE) VALUES ('z1', 'east', 0, TRUE)");
        sql("INSERT INTO CLUSTERS (ID, NAME, ZONE_ID, HYPERVISOR_TYPE, CPU_OVERCOMMIT, MEMORY_OVERCOMMIT, CREATED_AT) "
                + "VALUES ('c1', 'kvm-a', 'z1', 'kvm', 4.0, 1.0, 0)");
        addHost("h1", "c1");
        addHost("h2", "c1");
        addHost("h3", null);
    }

    void addHost(String id, String cluster) {
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CLUSTER_ID, CREATED_AT) VALUES ('" + id + "', 'host-" + id
                + "', 'kvm', 'qemu:///" + id + "', 'UP', " + (cluster == null ? "NULL" : "'" + cluster + "'") + ", 0)");
    }

    /** An ESXi-like host in no cluster (its driver implements NasMountSupport). */
    void addEsxiHost(String id) {
        sql("INSERT INTO HOSTS (ID, NAME, TYPE, URI, STATE, CREATED_AT) VALUES ('" + id + "', 'host-" + id
                + "', 'esxi', 'https://" + id + "/sdk', 'UP', 0)");
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

    TaskEntity finished(TaskView task) throws Exception {
        engine.whenFinished(task.id()).get(10, TimeUnit.SECONDS);
        return db.tx().call(em -> em.find(TaskEntity.class, task.id()));
    }

    StoragePoolEntity pool(String id) {
        return db.tx().call(em -> em.find(StoragePoolEntity.class, id));
    }

    /** Host id → state of the pool's rows. */
    Map<String, String> rows(String poolId) {
        return db.tx().call(em -> PoolHosts.rows(em, poolId).stream().collect(java.util.stream.Collectors.toMap(
                PoolHostEntity::getHostId, r -> r.getState().name())));
    }

    String storageReason(String hostId) {
        return db.tx().call(em -> PoolHosts.storageReason(em, hostId));
    }

    List<String> events(String topic) {
        return query("SELECT e.message FROM EventEntity e WHERE e.topic = ?1 ORDER BY e.occurredAt", String.class,
                topic);
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }
}
