package org.ovm.core.plugin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.kar.KarService;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.plugin.DriverTypes;
import org.ovm.core.plugin.PluginManager;
import org.ovm.core.plugin.PluginServiceView;
import org.ovm.core.plugin.PluginView;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins are Karaf features named {@code ovm-plugin-*}. Install, uninstall and upgrade run as
 * tasks without refreshing the kernel's bundles; the registries notice the services come and go.
 */
public final class PluginManagerImpl implements PluginManager {

    public static final String PREFIX = "ovm-plugin-";
    static final String INSTALL = "plugin.install";
    static final String UNINSTALL = "plugin.uninstall";
    static final String UPGRADE = "plugin.upgrade";
    private static final Logger LOG = LoggerFactory.getLogger(PluginManagerImpl.class);
    private static final EnumSet<FeaturesService.Option> OPTIONS = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);

    private final FeaturesService features;
    private final KarService kars;
    private final Registries registries;
    private final TaskEngine engine;
    private final EventPublisher events;
    private final Path uploads;

    public PluginManagerImpl(FeaturesService features, KarService kars, Registries registries, TaskEngine engine,
            EventPublisher events, Path uploads) {
        this.features = features;
        this.kars = kars;
        this.registries = registries;
        this.engine = engine;
        this.events = events;
        this.uploads = uploads;
    }

    public List<Operation> operations() {
        return List.of(
                SimpleOperations.single(INSTALL, "install", Operation.Recovery.RESUME, ctx -> blocking(() -> {
                    features.installFeature(ctx.params(PluginParams.class).feature(), OPTIONS);
                    events.record("plugin/installed", ctx.resourceId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                            "plugin " + ctx.params(PluginParams.class).feature() + " installed");
                })),
                SimpleOperations.single(UNINSTALL, "uninstall", Operation.Recovery.RESUME, ctx -> blocking(() -> {
                    String feature = ctx.params(PluginParams.class).feature();
                    if (features.isInstalled(features.getFeature(feature))) {
                        features.uninstallFeature(feature, OPTIONS);
                    }
                    events.record("plugin/uninstalled", ctx.resourceId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                            "plugin " + feature + " uninstalled");
                })),
                SimpleOperations.single(UPGRADE, "upgrade", Operation.Recovery.RESUME, ctx -> blocking(() -> {
                    PluginParams params = ctx.params(PluginParams.class);
                    String target = params.feature() + "/" + params.version();
                    features.installFeature(target, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles,
                            FeaturesService.Option.Upgrade));
                    events.record("plugin/upgraded", ctx.resourceId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null,
                            "plugin upgraded to " + target);
                })));
    }

    @Override
    public DriverTypes drivers(Caller caller) {
        return new DriverTypes(keys(registries.hypervisors()), keys(registries.storage()), keys(registries.networks()));
    }

    private static List<String> keys(DriverRegistry<?> registry) {
        return registry.snapshot().entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    @Override
    public List<PluginView> list(Caller caller) {
        Map<String, List<Feature>> byName = new LinkedHashMap<>();
        for (Feature feature : allFeatures()) {
            if (feature.getName().startsWith(PREFIX)) {
                byName.computeIfAbsent(feature.getName(), k -> new ArrayList<>()).add(feature);
            }
        }
        List<PluginView> plugins = new ArrayList<>();
        for (List<Feature> versions : byName.values()) {
            Feature shown = versions.stream().filter(features::isInstalled).findFirst()
                    .orElseGet(() -> newest(versions));
            plugins.add(view(shown));
        }
        plugins.sort(Comparator.comparing(PluginView::id));
        return plugins;
    }

    @Override
    public PluginView get(Caller caller, String id) {
        return list(caller).stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> OvmException.notFound("plugin", id));
    }

    @Override
    public TaskView install(Caller caller, String id) {
        caller.requireAdmin();
        PluginView plugin = get(caller, id);
        if (plugin.installed()) {
            throw OvmException.conflict(null, "plugin " + id + " is already installed; use upgrade for a newer version");
        }
        return submit(caller, INSTALL, id, new PluginParams(id, null));
    }

    @Override
    public TaskView uninstall(Caller caller, String id) {
        caller.requireAdmin();
        PluginView plugin = get(caller, id);
        if (!plugin.installed()) {
            throw OvmException.conflict(null, "plugin " + id + " is not installed");
        }
        return submit(caller, UNINSTALL, id, new PluginParams(id, null));
    }

    @Override
    public TaskView upgrade(Caller caller, String id) {
        caller.requireAdmin();
        PluginView plugin = get(caller, id);
        if (!plugin.installed()) {
            throw OvmException.conflict(null, "plugin " + id + " is not installed; install it instead");
        }
        List<Feature> versions = allFeatures().stream().filter(f -> f.getName().equals(id)).toList();
        Feature newest = newest(versions);
        if (Version.parseVersion(newest.getVersion()).compareTo(Version.parseVersion(plugin.version())) <= 0) {
            throw OvmException.conflict(null, "plugin " + id + " " + plugin.version()
                    + " is the newest version available; add a feature repository or KAR with a newer one");
        }
        return submit(caller, UPGRADE, id, new PluginParams(id, newest.getVersion()));
    }

    @Override
    public List<PluginView> uploadKar(Caller caller, InputStream kar, long maxBytes) {
        caller.requireAdmin();
        Path file;
        try {
            Files.createDirectories(uploads);
            file = Files.createTempFile(uploads, "upload-", ".kar");
            long size;
            try (InputStream in = kar) {
                size = copyLimited(in, file, maxBytes);
            }
            if (size == 0) {
                Files.deleteIfExists(file);
                throw OvmException.invalid(null, "the request body is empty: send the KAR file as application/octet-stream");
            }
        } catch (IOException e) {
            throw new OvmException(OvmError.INTERNAL, "cannot store the upload: " + e.getMessage());
        }
        try {
            Path named = file.resolveSibling(karName(file) + ".kar");
            Files.move(file, named, StandardCopyOption.REPLACE_EXISTING);
            file = named;
        } catch (IOException | OvmException e) {
            deleteQuietly(file);
            throw e instanceof OvmException ovm ? ovm
                    : new OvmException(OvmError.INTERNAL, "cannot store the upload: " + e.getMessage());
        }
        Set<String> before = installedPlugins();
        try {
            kars.install(file.toUri());
        } catch (Exception e) {
            throw OvmException.invalid(null, "not a valid KAR: " + e.getMessage());
        } finally {
            deleteQuietly(file);
        }
        removeSupersededVersions(caller);
        List<PluginView> added = list(caller).stream().filter(p -> p.installed() && !before.contains(p.id())).toList();
        events.publish(caller, "plugin/kar-installed", null, null, "KAR uploaded; installed plugins: "
                + added.stream().map(PluginView::id).collect(Collectors.joining(", ")));
        return added;
    }

    @Override
    public void removeKar(Caller caller, String karName) {
        caller.requireAdmin();
        if (!listKars(caller).contains(karName)) {
            throw OvmException.notFound("KAR", karName);
        }
        try {
            kars.uninstall(karName);
        } catch (Exception e) {
            throw new OvmException(OvmError.INTERNAL, "cannot remove KAR " + karName + ": " + e.getMessage());
        }
        events.publish(caller, "plugin/kar-removed", null, null, "KAR " + karName + " removed");
    }

    @Override
    public List<String> listKars(Caller caller) {
        caller.requireAdmin();
        try {
            return List.copyOf(kars.list());
        } catch (Exception e) {
            throw new OvmException(OvmError.INTERNAL, "cannot list KARs: " + e.getMessage());
        }
    }

    /** Ids of installed plugins, for the health answer. */
    public Set<String> installedPlugins() {
        return allFeatures().stream().filter(f -> f.getName().startsWith(PREFIX) && features.isInstalled(f))
                .map(Feature::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * A KAR carrying a newer version of an installed plugin installs it beside the old one; the
     * older versions are then uninstalled, which makes uploading a newer KAR a one-click upgrade.
     */
    private void removeSupersededVersions(Caller caller) {
        Map<String, List<Feature>> installed = new LinkedHashMap<>();
        for (Feature feature : allFeatures()) {
            if (feature.getName().startsWith(PREFIX) && features.isInstalled(feature)) {
                installed.computeIfAbsent(feature.getName(), k -> new ArrayList<>()).add(feature);
            }
        }
        installed.forEach((name, versions) -> {
            if (versions.size() < 2) {
                return;
            }
            Feature newest = newest(versions);
            for (Feature old : versions) {
                if (old != newest) {
                    try {
                        features.uninstallFeature(name, old.getVersion(), OPTIONS);
                        events.publish(caller, "plugin/upgraded", "plugin:" + name, null,
                                "plugin " + name + " upgraded from " + old.getVersion() + " to " + newest.getVersion());
                    } catch (Exception e) {
                        throw new OvmException(OvmError.BACKEND_FAILURE, "plugin " + name + " " + newest.getVersion()
                                + " is installed but " + old.getVersion() + " could not be removed: " + e.getMessage());
                    }
                }
            }
        });
    }

    /**
     * The KAR's name: its features descriptor's file name without {@code -features.xml}, so an
     * uploaded KAR is listed (and removed) under the same name as one dropped into deploy/.
     */
    static String karName(Path kar) {
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            return zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("repository/") && n.endsWith("-features.xml"))
                    .map(n -> n.substring(n.lastIndexOf('/') + 1, n.length() - "-features.xml".length()))
                    .filter(n -> n.matches("[A-Za-z0-9._-]+"))
                    .findFirst()
                    .orElseThrow(() -> OvmException.invalid(null,
                            "not a plugin KAR: it holds no repository/.../*-features.xml"));
        } catch (IOException e) {
            throw OvmException.invalid(null, "not a KAR (zip) file: " + e.getMessage());
        }
    }

    private TaskView submit(Caller caller, String operation, String id, PluginParams params) {
        return TaskServiceImpl.view(engine.submit(operation, "plugin:" + id, caller, null, params), List.of());
    }

    private List<Feature> allFeatures() {
        try {
            return List.of(features.listFeatures());
        } catch (Exception e) {
            throw new OvmException(OvmError.INTERNAL, "cannot list features: " + e.getMessage());
        }
    }

    private static Feature newest(List<Feature> versions) {
        return versions.stream().max(Comparator.comparing(f -> Version.parseVersion(f.getVersion()))).orElseThrow();
    }

    private PluginView view(Feature feature) {
        boolean installed = features.isInstalled(feature);
        Set<String> locations = feature.getBundles().stream().map(BundleInfo::getLocation)
                .collect(Collectors.toSet());
        List<PluginServiceView> services = new ArrayList<>();
        if (installed) {
            for (DriverRegistry<?> registry : registries.all()) {
                registry.snapshot().forEach((key, refs) -> {
                    for (ServiceReference<?> ref : refs) {
                        if (ref.getBundle() != null && locations.contains(ref.getBundle().getLocation())) {
                            services.add(new PluginServiceView(registry.area(), key, ref.getBundle().getSymbolicName()
                                    + "/" + ref.getBundle().getVersion()));
                        }
                    }
                });
            }
        }
        return new PluginView(feature.getName(), feature.getVersion(), installed,
                Optional.ofNullable(feature.getDescription()).orElse(""), services);
    }

    private CompletionStage<Map<String, String>> blocking(ThrowingRunnable work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                work.run();
                return Map.<String, String>of();
            } catch (Exception e) {
                throw new OvmException(OvmError.BACKEND_FAILURE, e.getMessage());
            }
        }, engine.executor());
    }

    private static long copyLimited(InputStream in, Path file, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (var out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    out.close();
                    Files.deleteIfExists(file);
                    throw new OvmException(OvmError.PAYLOAD_TOO_LARGE, "the KAR is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", file, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
