package org.ovm.core.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import javax.persistence.EntityManagerFactory;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.kar.KarService;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jdbc.DataSourceFactory;
import org.ovm.core.HealthService;
import org.ovm.core.IdempotencyService;
import org.ovm.core.auth.AuthService;
import org.ovm.core.auth.internal.AdminBootstrap;
import org.ovm.core.auth.internal.AuthServiceImpl;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.backup.BackupService;
import org.ovm.core.backup.internal.BackupScheduler;
import org.ovm.core.backup.internal.BackupServiceImpl;
import org.ovm.core.balance.BalanceService;
import org.ovm.core.balance.internal.Balancer;
import org.ovm.core.console.ConsoleService;
import org.ovm.core.console.internal.ConsoleServiceImpl;
import org.ovm.core.event.EventService;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.event.internal.EventServiceImpl;
import org.ovm.core.host.ClusterService;
import org.ovm.core.host.HostService;
import org.ovm.core.host.ZoneService;
import org.ovm.core.host.internal.ClusterServiceImpl;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.host.internal.HostMonitor;
import org.ovm.core.host.internal.HostOperations;
import org.ovm.core.host.internal.HostServiceImpl;
import org.ovm.core.host.internal.InventorySync;
import org.ovm.core.host.internal.ZoneServiceImpl;
import org.ovm.core.image.ImageService;
import org.ovm.core.image.RegistryService;
import org.ovm.core.image.internal.ContainerImageActions;
import org.ovm.core.image.internal.ContainerImages;
import org.ovm.core.image.internal.ImageServiceImpl;
import org.ovm.core.image.internal.RegistryServiceImpl;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.VAppService;
import org.ovm.core.instance.internal.BackendReads;
import org.ovm.core.instance.internal.CreatePlanner;
import org.ovm.core.instance.internal.HaRestarts;
import org.ovm.core.instance.internal.HostDrains;
import org.ovm.core.instance.internal.InstanceActions;
import org.ovm.core.instance.internal.InstanceCreation;
import org.ovm.core.instance.internal.InstanceMigration;
import org.ovm.core.instance.internal.InstanceRows;
import org.ovm.core.instance.internal.InstanceServiceImpl;
import org.ovm.core.instance.internal.VAppOperations;
import org.ovm.core.instance.internal.VAppServiceImpl;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.NetworkService;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.network.internal.NetworkDeletion;
import org.ovm.core.network.internal.NetworkServiceImpl;
import org.ovm.core.network.internal.NetworkTargets;
import org.ovm.core.network.security.SecurityGroupService;
import org.ovm.core.network.security.internal.SecurityGroupServiceImpl;
import org.ovm.core.placement.AffinityGroupService;
import org.ovm.core.placement.PlacementPolicyService;
import org.ovm.core.placement.PlacementService;
import org.ovm.core.placement.internal.AffinityGroupServiceImpl;
import org.ovm.core.placement.internal.PlacementPolicyServiceImpl;
import org.ovm.core.placement.internal.PlacementServiceImpl;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.placement.internal.PolicyCatalog;
import org.ovm.core.placement.internal.PolicyLookup;
import org.ovm.core.plugin.PluginManager;
import org.ovm.core.plugin.internal.PluginManagerImpl;
import org.ovm.core.plugin.internal.Registries;
import org.ovm.core.quota.VdcService;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.quota.internal.VdcServiceImpl;
import org.ovm.core.snapshot.SnapshotService;
import org.ovm.core.snapshot.internal.SnapshotServiceImpl;
import org.ovm.core.storage.StoragePoolService;
import org.ovm.core.storage.VolumeService;
import org.ovm.core.storage.internal.ClusterPools;
import org.ovm.core.storage.internal.HostPools;
import org.ovm.core.storage.internal.PausedGuests;
import org.ovm.core.storage.internal.PoolMonitor;
import org.ovm.core.storage.internal.StorageAccess;
import org.ovm.core.storage.internal.StoragePoolServiceImpl;
import org.ovm.core.storage.internal.VolumeMobility;
import org.ovm.core.storage.internal.VolumeServiceImpl;
import org.ovm.core.summary.SummaryService;
import org.ovm.core.summary.internal.SummaryServiceImpl;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's composition root, created by Blueprint: migrates the schema, wires the services
 * the REST and shell bundles use, opens the plugin registries, creates the first admin,
 * recovers unfinished tasks and starts the host and storage pool monitors. What all capabilities
 * share is in {@link KernelRuntime}; the operations only the task engine runs are registered by
 * {@link KernelOperations}.
 */
public final class Kernel {

    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final BundleContext context;
    private final EntityManagerFactory emf;
    private final DataSourceFactory dataSourceFactory;
    private final FeaturesService features;
    private final KarService kars;
    private final KernelConfig config;

    private final KernelRuntime runtime = new KernelRuntime();
    private AuthServiceImpl auth;
    private ZoneService zones;
    private ClusterService clusters;
    private BalanceService balance;
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
    private RegistryServiceImpl registryService;
    private VolumeService volumes;
    private NetworkService networks;
    private SecurityGroupService securityGroups;
    private PlacementPolicyService policies;
    private AffinityGroupService affinityGroups;
    private ConsoleService consoles;
    private SnapshotService snapshots;
    private BackupService backups;
    private PlacementService placement;
    private SummaryService summary;

    public Kernel(BundleContext context, EntityManagerFactory emf, DataSourceFactory dataSourceFactory,
            FeaturesService features, KarService kars, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.emf = emf;
        this.dataSourceFactory = dataSourceFactory;
        this.features = features;
        this.kars = kars;
        this.config = KernelConfig.read(configAdmin);
    }

    public void start() throws SQLException {
        long started = System.nanoTime();
        Properties jdbc = new Properties();
        jdbc.setProperty(DataSourceFactory.JDBC_URL, "jdbc:derby:ovm;create=true");
        DatabaseMigrator.migrate(dataSourceFactory.createDataSource(jdbc));

        Path data = Paths.get(System.getProperty("karaf.data", "data"));
        runtime.open(context, emf, config);
        Tx tx = runtime.tx;
        ExecutorService executor = runtime.executor;
        ScheduledExecutorService scheduler = runtime.scheduler;
        Registries registries = runtime.registries;
        EventPublisher events = runtime.events;
        TaskEngine engine = runtime.engine;

        SecretBox secrets = SecretBox.fromKeyFile(data.resolve("secret.key"));
        HostAccess access = new HostAccess(tx, secrets, registries.hypervisors());
        CapacityClaims claims = new CapacityClaims();
        QuotaClaims quotas = new QuotaClaims();
        InventorySync sync = new InventorySync(tx, access, registries.hypervisors(), events, claims, quotas, scheduler,
                executor, config.syncPeriod());
        pools = new StoragePoolServiceImpl(tx, engine, registries.storage());
        HostPools hostPools = new HostPools(tx, access, registries.hypervisors(), pools, executor);
        ClusterPools clusterPools = new ClusterPools(tx, engine);
        HostOperations hostOps = new HostOperations(tx, access, events, hostId -> {
            sync.syncHost(hostId);
            hostPools.discover(hostId);
            clusterPools.hostConnected(hostId);
        });
        engine.register(hostOps.connect());
        StorageAccess storage = new StorageAccess(tx, access, registries.storage());
        AddressClaims addresses = new AddressClaims();
        PolicyCatalog policyCatalog = new PolicyCatalog(registries.filters(), registries.scorers());
        Placer placer = new Placer(claims, policyCatalog);
        HaRestarts haRestarts = new HaRestarts(tx, engine, events);
        HostServiceImpl hostService = new HostServiceImpl(tx, engine, registries.hypervisors(), access, events,
                haRestarts::confirmDown, registries.fences(), executor);
        hosts = hostService;
        KernelOperations.register(runtime, access, storage, claims, quotas, addresses, sync, placer, haRestarts,
                hostService.fencing());

        auth = new AuthServiceImpl(tx, events, config.login(), config.passwordMinLength());
        zones = new ZoneServiceImpl(tx, events);
        clusters = new ClusterServiceImpl(tx, new PolicyLookup(), events);
        placement = new PlacementServiceImpl(tx, placer, registries.networks());
        InstanceRows instanceRows = new InstanceRows(tx);
        InstanceActions instanceActions = new InstanceActions(instanceRows, engine, registries.hypervisors());
        BackendReads reads = new BackendReads(instanceRows, registries.hypervisors(), access, executor);
        InstanceCreation creation = new InstanceCreation(new CreatePlanner(registries.hypervisors(),
                registries.storage(), registries.networks(), placer, reads::imagePresent), engine, claims, quotas,
                addresses);
        InstanceMigration migration = new InstanceMigration(tx, engine, claims, placer,
                registries.hypervisors()::find, access::target);
        instances = new InstanceServiceImpl(tx, engine, claims, quotas, events, instanceRows, instanceActions,
                creation, reads, migration);
        engine.register(new HostDrains(tx, engine, migration, events).operation());
        balance = new Balancer(tx, access::target, registries.hypervisors()::find, migration, engine, events, executor);
        snapshots = new SnapshotServiceImpl(tx, instanceRows, instanceActions, engine, quotas,
                config.snapshotLimit());
        consoles = new ConsoleServiceImpl(instances, reads, events, Clock.systemUTC(), auth::callerById);
        policies = new PlacementPolicyServiceImpl(tx, policyCatalog, events);
        affinityGroups = new AffinityGroupServiceImpl(tx, events);
        NetworkDeletion networkDeletion = new NetworkDeletion(tx, engine, NetworkTargets.of(access),
                registries.networks()::require, events);
        engine.register(networkDeletion.operation());
        networks = new NetworkServiceImpl(tx, registries.networks()::require, events, networkDeletion);
        securityGroups = new SecurityGroupServiceImpl(tx, engine, events);
        tasks = new TaskServiceImpl(tx, engine);
        eventService = new EventServiceImpl(tx, events);
        plugins = new PluginManagerImpl(features, kars, registries, engine, events, data.resolve("tmp"));
        plugins.operations().forEach(engine::register);
        health = new HealthServiceImpl(tx, plugins, context.getBundle().getVersion().toString(),
                () -> context.getServiceReference("org.apache.karaf.features.BootFinished") != null);
        idempotency = new IdempotencyServiceImpl(tx);
        vdcs = new VdcServiceImpl(tx, events);
        summary = new SummaryServiceImpl(tx, vdcs);
        vapps = new VAppServiceImpl(tx, engine, creation);
        new VAppOperations(tx, engine, instances, events).all().forEach(engine::register);
        ContainerImages containerImages = new ContainerImages(tx, access, registries.hypervisors(), executor);
        containerImages.start(scheduler, config.syncPeriod());
        registryService = new RegistryServiceImpl(tx, secrets, events);
        ContainerImageActions containerActions = new ContainerImageActions(tx, engine, access, registries.hypervisors(),
                containerImages, registryService, events, executor);
        containerActions.operations().forEach(engine::register);
        images = new ImageServiceImpl(tx, engine, storage, events, containerImages, containerActions);
        volumes = new VolumeServiceImpl(tx, engine, quotas, storage, new VolumeMobility(tx, engine, quotas,
                registries.storage()::find, registries.hypervisors()::find));
        BackupServiceImpl backupService = new BackupServiceImpl(tx, engine, quotas, events, registries.storage()::find,
                registries.hypervisors()::find);
        backups = backupService;

        AdminBootstrap.run(auth, data, System.getenv("OVM_ADMIN_PASSWORD"));
        registries.open();
        int recovered = engine.recover();
        new HostMonitor(tx, access, hostOps, registries.hypervisors(), scheduler, executor,
                config.monitorPeriod(), haRestarts::retry, hostService.fencing()).start();
        sync.start();
        new PoolMonitor(tx, storage, registries.storage(), events, new PausedGuests(tx, access, events, executor),
                executor, config.storageProbePeriod()).start(scheduler);
        new BackupScheduler(backupService.schedules(), config.backupSchedulerPeriod()).start(scheduler);
        ((Balancer) balance).start(scheduler, config.balancePeriod());
        LOG.info("OVM kernel started in {} ms ({} unfinished task(s) recovered)",
                (System.nanoTime() - started) / 1_000_000, recovered);
    }

    public void stop() {
        runtime.close();
        LOG.info("OVM kernel stopped");
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

    public BalanceService balance() {
        return balance;
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

    public RegistryService registries() {
        return registryService;
    }

    public VolumeService volumes() {
        return volumes;
    }

    public NetworkService networks() {
        return networks;
    }

    public SecurityGroupService securityGroups() {
        return securityGroups;
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

    public SnapshotService snapshots() {
        return snapshots;
    }

    public BackupService backups() {
        return backups;
    }

    public PlacementService placement() {
        return placement;
    }

    public SummaryService summary() {
        return summary;
    }
}
