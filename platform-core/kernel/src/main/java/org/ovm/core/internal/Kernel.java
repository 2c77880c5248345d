package org.ovm.core.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManagerFactory;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.kar.KarService;
import org.osgi.framework.BundleContext;
import org.osgi.service.jdbc.DataSourceFactory;
import org.ovm.core.AuthService;
import org.ovm.core.ClusterService;
import org.ovm.core.EventService;
import org.ovm.core.HealthService;
import org.ovm.core.HostService;
import org.ovm.core.IdempotencyService;
import org.ovm.core.InstanceService;
import org.ovm.core.PluginManager;
import org.ovm.core.TaskService;
import org.ovm.core.VdcService;
import org.ovm.core.VAppService;
import org.ovm.core.StoragePoolService;
import org.ovm.core.ImageService;
import org.ovm.core.VolumeService;
import org.ovm.core.ZoneService;
import org.ovm.core.internal.auth.AdminBootstrap;
import org.ovm.core.internal.auth.AuthServiceImpl;
import org.ovm.core.internal.auth.SecretBox;
import org.ovm.core.internal.event.EventPublisher;
import org.ovm.core.internal.ops.CapacityClaims;
import org.ovm.core.internal.ops.QuotaClaims;
import org.ovm.core.internal.ops.AddressClaims;
import org.ovm.core.internal.ops.NicSteps;
import org.ovm.core.internal.service.NetworkServiceImpl;
import org.ovm.core.NetworkService;
import org.ovm.core.PlacementPolicyService;
import org.ovm.core.AffinityGroupService;
import org.ovm.core.ConsoleService;
import org.ovm.core.internal.service.ConsoleServiceImpl;
import org.ovm.core.internal.scheduler.PolicyCatalog;
import org.ovm.core.internal.service.PlacementPolicyServiceImpl;
import org.ovm.core.internal.service.AffinityGroupServiceImpl;
import org.ovm.core.internal.ops.HostAccess;
import org.ovm.core.internal.ops.HostOperations;
import org.ovm.core.internal.ops.InstanceOperations;
import org.ovm.core.internal.plugin.PluginManagerImpl;
import org.ovm.core.internal.registry.Registries;
import org.ovm.core.internal.service.ClusterServiceImpl;
import org.ovm.core.internal.service.EventServiceImpl;
import org.ovm.core.internal.service.HealthServiceImpl;
import org.ovm.core.internal.service.HostServiceImpl;
import org.ovm.core.internal.service.IdempotencyServiceImpl;
import org.ovm.core.internal.service.InstanceServiceImpl;
import org.ovm.core.internal.service.TaskServiceImpl;
import org.ovm.core.internal.service.VdcServiceImpl;
import org.ovm.core.internal.service.VAppServiceImpl;
import org.ovm.core.internal.ops.VAppOperations;
import org.ovm.core.internal.service.StoragePoolServiceImpl;
import org.ovm.core.internal.service.ImageServiceImpl;
import org.ovm.core.internal.service.VolumeServiceImpl;
import org.ovm.core.internal.ops.StorageAccess;
import org.ovm.core.internal.ops.StorageOperations;
import org.ovm.core.internal.ops.SnapshotOperations;
import org.ovm.core.internal.ops.VolumeOperations;
import org.ovm.core.internal.service.ZoneServiceImpl;
import org.ovm.core.internal.task.TaskEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's composition root, created by Blueprint: migrates the schema, wires the services
 * the REST and shell bundles use, opens the plugin registries, creates the first admin,
 * recovers unfinished tasks and starts the host monitor.
 */
public final class Kernel {

    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final BundleContext context;
    private final EntityManagerFactory emf;
    private final DataSourceFactory dataSourceFactory;
    private final FeaturesService features;
    private final KarService kars;

    private ExecutorService executor;
    private ScheduledExecutorService scheduler;
    private Registries registries;
    private EventPublisher events;
    private TaskEngine engine;
    private AuthServiceImpl auth;
    private ZoneService zones;
    private ClusterService clusters;
    private HostService hosts;
    private InstanceService instances;
    private TaskService tasks;
    private EventService eventService;
    private PluginManagerImpl plugins;
    private HealthService health;
    private IdempotencyService idempotency;
    private VdcService vdcs;
    private VAppService vapps;
    private StoragePoolService pools;
    private ImageService images;
    private VolumeService volumes;
    private NetworkService networks;
    private PlacementPolicyService policies;
    private AffinityGroupService affinityGroups;
    private ConsoleService consoles;

    public Kernel(BundleContext context, EntityManagerFactory emf, DataSourceFactory dataSourceFactory,
            FeaturesService features, KarService kars) {
        this.context = context;
        this.emf = emf;
        this.dataSourceFactory = dataSourceFactory;
        this.features = features;
        this.kars = kars;
    }

    public void start() throws SQLException {
        long started = System.nanoTime();
        Properties jdbc = new Properties();
        jdbc.setProperty(DataSourceFactory.JDBC_URL, "jdbc:derby:ovm;create=true");
        DatabaseMigrator.migrate(dataSourceFactory.createDataSource(jdbc));

        Path data = Paths.get(System.getProperty("karaf.data", "data"));
        Tx tx = new Tx(emf);
        executor = new ThreadPoolExecutor(64, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("ovm-worker"));
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("ovm-monitor"));
        registries = new Registries(context);
        events = new EventPublisher(tx, executor);
        events.open(context);
        engine = new TaskEngine(tx, executor, events, Duration.ofSeconds(Long.getLong("ovm.task.timeout", 600)),
                Duration.ofSeconds(Long.getLong("ovm.compensation.retry", 300)));

        SecretBox secrets = SecretBox.fromKeyFile(data.resolve("secret.key"));
        HostAccess access = new HostAccess(tx, secrets, registries.hypervisors());
        CapacityClaims claims = new CapacityClaims();
        QuotaClaims quotas = new QuotaClaims();
        InventorySync sync = new InventorySync(tx, access, registries.hypervisors(), events, claims, quotas, scheduler,
                executor, Duration.ofSeconds(Long.getLong("ovm.sync.period", 15)));
        HostOperations hostOps = new HostOperations(tx, access, events, sync::syncHost);
        engine.register(hostOps.connect());
        StorageAccess storage = new StorageAccess(tx, access, registries.storage());
        AddressClaims addresses = new AddressClaims();
        NicSteps nicSteps = new NicSteps(tx, access, registries.networks(), addresses, quotas);
        new InstanceOperations(tx, access, storage, events, claims, quotas, nicSteps).all().forEach(engine::register);
        new StorageOperations(tx, storage, events).all().forEach(engine::register);
        new SnapshotOperations(tx, access, events).all().forEach(engine::register);
        new VolumeOperations(tx, access, storage, events, quotas).all().forEach(engine::register);

        auth = new AuthServiceImpl(tx);
        zones = new ZoneServiceImpl(tx);
        clusters = new ClusterServiceImpl(tx);
        hosts = new HostServiceImpl(tx, engine, registries.hypervisors(), access, events);
        PolicyCatalog policyCatalog = new PolicyCatalog(registries.filters(), registries.scorers());
        instances = new InstanceServiceImpl(tx, engine, registries.hypervisors(), claims, events, access, quotas,
                addresses, registries.networks(), policyCatalog);
        consoles = new ConsoleServiceImpl((InstanceServiceImpl) instances, events, java.time.Clock.systemUTC());
        policies = new PlacementPolicyServiceImpl(tx, policyCatalog, events);
        affinityGroups = new AffinityGroupServiceImpl(tx);
        networks = new NetworkServiceImpl(tx, registries.networks(), events);
        tasks = new TaskServiceImpl(tx, engine);
        eventService = new EventServiceImpl(tx);
        plugins = new PluginManagerImpl(features, kars, registries, engine, events, data.resolve("tmp"));
        plugins.operations().forEach(engine::register);
        health = new HealthServiceImpl(tx, plugins, context.getBundle().getVersion().toString());
        idempotency = new IdempotencyServiceImpl(tx);
        vdcs = new VdcServiceImpl(tx);
        pools = new StoragePoolServiceImpl(tx, engine, registries.storage());
        vapps = new VAppServiceImpl(tx, engine, (InstanceServiceImpl) instances);
        new VAppOperations(tx, engine, instances, events).all().forEach(engine::register);
        images = new ImageServiceImpl(tx, engine, storage, events);
        volumes = new VolumeServiceImpl(tx, engine, quotas);

        AdminBootstrap.run(auth, data, System.getenv("OVM_ADMIN_PASSWORD"));
        registries.open();
        int recovered = engine.recover();
        new HostMonitor(tx, access, hostOps, registries.hypervisors(), scheduler, executor,
                Duration.ofSeconds(Long.getLong("ovm.monitor.period", 10))).start();
        sync.start();
        LOG.info("OVM kernel started in {} ms ({} unfinished task(s) recovered)",
                (System.nanoTime() - started) / 1_000_000, recovered);
    }

    public void stop() {
        if (registries != null) {
            registries.close();
        }
        if (events != null) {
            events.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        LOG.info("OVM kernel stopped");
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public AuthService auth() {
        return auth;
    }

    public ZoneService zones() {
        return zones;
    }

    public ClusterService clusters() {
        return clusters;
    }

    public HostService hosts() {
        return hosts;
    }

    public InstanceService instances() {
        return instances;
    }

    public TaskService tasks() {
        return tasks;
    }

    public EventService events() {
        return eventService;
    }

    public PluginManager plugins() {
        return plugins;
    }

    public HealthService health() {
        return health;
    }

    public IdempotencyService idempotency() {
        return idempotency;
    }

    public VdcService vdcs() {
        return vdcs;
    }

    public VAppService vapps() {
        return vapps;
    }

    public StoragePoolService pools() {
        return pools;
    }

    public ImageService images() {
        return images;
    }

    public VolumeService volumes() {
        return volumes;
    }

    public NetworkService networks() {
        return networks;
    }

    public PlacementPolicyService policies() {
        return policies;
    }

    public AffinityGroupService affinityGroups() {
        return affinityGroups;
    }

    public ConsoleService consoles() {
        return consoles;
    }
}
