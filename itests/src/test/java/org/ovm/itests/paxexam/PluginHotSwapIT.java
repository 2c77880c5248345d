package org.ovm.itests.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;

/**
 * Pax Exam boots the assembled OVM distribution and proves runtime plugin swaps: a plugin
 * feature installed at runtime is listed and its driver serves within 2 s; uninstalled, its host
 * reports the missing driver and calls fail fast with 503; reinstalled, service resumes, all
 * without restarting the engine (the kernel bundle is never restarted). And each plugin is
 * upgraded alone: upgrading the local-storage plugin while a KVM guest runs leaves the KVM plugin's
 * bundle untouched (both embed their own copy of libs/libvirt and libvirt-java).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginHotSwapIT {

    private static final int HTTP_PORT = 38181;
    private static final Duration SWAP_DEADLINE = Duration.ofSeconds(2);
    private static final Pattern FIELD = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]*)\"");

    private static final String KVM = "org.ovm.plugin.kvm";
    private static final String LOCAL_STORAGE = "org.ovm.plugin.localstorage";
    private static final String NEWER = "0.1.1";

    @Inject
    private BundleContext bundleContext;

    @Inject
    private FeaturesService features;

    private final HttpClient http = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        String distribution = System.getProperty("ovm.distribution");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl("file:" + new File(distribution).getAbsolutePath())
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false).name("OVM"),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            systemTimeout(300_000),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                    String.valueOf(HTTP_PORT)),
            // the OSGi wiring needs no HTTPS (Pax Exam starts Karaf without bin/setenv, so without a certificate)
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.config.files", "${karaf.etc}/jetty.xml"),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "38101"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "38099"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "38044"),
            // resolve test bundles from the build's local repository: no network at test time
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
            mavenBundle(maven("org.apache.servicemix.bundles", "org.apache.servicemix.bundles.junit", "4.13.2_1"))
        };
    }

    @Test
    public void pluginInstalledUninstalledAndReinstalledAtRuntime() throws Exception {
        Bundle kernel = bundle("org.ovm.core");
        long kernelStarted = kernel.getLastModified();
        awaitStatus("/health", 200, Duration.ofMinutes(2));

        // install at runtime: listed, and its driver serves within 2 s
        assertEquals("SUCCEEDED", runTask(post("/plugins/ovm-plugin-simulator/install", null)));
        long installed = System.nanoTime();
        await(() -> get("/plugins/ovm-plugin-simulator").contains("\"key\":\"simulator\""), SWAP_DEADLINE,
                "plugin listed with its hypervisor driver");
        String addHost = post("/hosts", "{\"name\":\"swap1\",\"type\":\"simulator\",\"uri\":\"sim://swap1\"}");
        String hostId = field(addHost, "resourceId");
        assertEquals("SUCCEEDED", runTask(addHost));
        assertTrue("driver served within 2 s of the install",
                System.nanoTime() - installed < SWAP_DEADLINE.toNanos() + Duration.ofSeconds(1).toNanos());
        String create = post("/instances", "{\"name\":\"vm1\",\"cpus\":1,\"memoryMiB\":256,\"hostId\":\"" + hostId
                + "\",\"start\":true}");
        String instanceId = field(create, "resourceId");
        assertEquals("SUCCEEDED", runTask(create));

        // uninstall: the host reports the missing driver, calls fail fast with 503
        assertEquals("SUCCEEDED", runTask(post("/plugins/ovm-plugin-simulator/uninstall", null)));
        await(() -> get("/hosts/" + hostId).contains("driver simulator not installed"), SWAP_DEADLINE,
                "host reports the missing driver");
        assertEquals("ERROR", field(get("/hosts/" + hostId), "state"));
        long t0 = System.nanoTime();
        HttpResponse<String> refused = send("POST", "/instances/" + instanceId + "/stop", null);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(refused.body(), 503, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("ovm-plugin-simulator"));
        assertTrue("503 came fast: " + tookMillis + " ms", tookMillis < SWAP_DEADLINE.toMillis());

        // reinstall: service resumes
        assertEquals("SUCCEEDED", runTask(post("/plugins/ovm-plugin-simulator/install", null)));
        await(() -> "UP".equals(field(get("/hosts/" + hostId), "state")), SWAP_DEADLINE, "host back UP");
        String again = post("/instances", "{\"name\":\"vm2\",\"cpus\":1,\"memoryMiB\":256,\"hostId\":\"" + hostId
                + "\",\"start\":true}");
        assertEquals("SUCCEEDED", runTask(again));

        // ... without restarting the engine
        assertEquals(Bundle.ACTIVE, kernel.getState());
        assertEquals("the kernel bundle was not restarted", kernelStarted, bundle("org.ovm.core").getLastModified());
    }

    @Test
    public void upgradingLocalStorageLeavesTheKvmPluginAndItsGuestAlone() throws Exception {
        awaitStatus("/health", 200, Duration.ofMinutes(2));
        for (String plugin : List.of("ovm-plugin-kvm", "ovm-plugin-local-storage")) {
            assertEquals(plugin, "SUCCEEDED", runTask(post("/plugins/" + plugin + "/install", null)));
        }
        // a running KVM guest (libvirt's test driver, built into the client library) and a local pool
        // on the same host: both plugins talk to libvirt at once, each through its own libvirt-java
        String addHost = post("/hosts", "{\"name\":\"kvm-swap\",\"type\":\"kvm\",\"uri\":\"test:///default\"}");
        String hostId = field(addHost, "resourceId");
        assertEquals("SUCCEEDED", runTask(addHost));
        String create = post("/instances", "{\"name\":\"guest1\",\"cpus\":1,\"memoryMiB\":64,\"hostId\":\""
                + hostId + "\",\"start\":true}");
        String guestId = field(create, "resourceId");
        assertEquals("SUCCEEDED", runTask(create));
        String backendId = field(get("/instances/" + guestId), "backendId");
        assertEquals("RUNNING", field(get("/instances/" + guestId), "state"));
        String addPool = post("/storage-pools", "{\"name\":\"local-swap\",\"type\":\"local\","
                + "\"uri\":\"file:///var/lib/ovm-swap\",\"hostId\":\"" + hostId + "\"}");
        String poolId = field(addPool, "resourceId");
        assertEquals(addPool, "SUCCEEDED", runTask(addPool));

        Map<Long, String> pluginsBefore = pluginBundles();
        Bundle kvm = bundle(KVM);
        Bundle localStorage = bundle(LOCAL_STORAGE);
        long kvmId = kvm.getBundleId();
        long kvmModified = kvm.getLastModified();
        BundleRevision kvmRevision = kvm.adapt(BundleRevision.class);
        ServiceReference<?> kvmDriver = driver("(hypervisor.type=kvm)");
        long kernelModified = bundle("org.ovm.core").getLastModified();
        long jnaId = bundle("com.sun.jna").getBundleId();
        assertEquals(PowerState.RUNNING, guestState(kvmDriver, hostId, backendId));

        // everything the framework says while the plugin is upgraded
        List<BundleEvent> bundleEvents = Collections.synchronizedList(new ArrayList<>());
        List<ServiceEvent> kvmServiceEvents = Collections.synchronizedList(new ArrayList<>());
        List<FrameworkEvent> frameworkEvents = Collections.synchronizedList(new ArrayList<>());
        BundleListener bundles = (SynchronousBundleListener) bundleEvents::add;
        ServiceListener services = kvmServiceEvents::add;
        FrameworkListener framework = frameworkEvents::add;
        bundleContext.addBundleListener(bundles);
        bundleContext.addServiceListener(services, "(hypervisor.type=kvm)");
        bundleContext.addFrameworkListener(framework);
        try {
            // the vendor's next release of the plugin: the same feature with a newer bundle, upgraded
            // through the engine's plugin manager as an operator would
            features.addRepository(newerRelease("ovm-plugin-local-storage", localStorage, NEWER));
            assertEquals("SUCCEEDED", runTask(post("/plugins/ovm-plugin-local-storage/upgrade", null)));
            await(() -> driverVersion("(storage.type=local)").equals(NEWER), Duration.ofSeconds(10),
                    "the upgraded local-storage driver registered");
        } finally {
            bundleContext.removeBundleListener(bundles);
            bundleContext.removeServiceListener(services);
            bundleContext.removeFrameworkListener(framework);
        }
        Map<Long, String> pluginsAfter = pluginBundles();
        Bundle upgraded = bundle(LOCAL_STORAGE);
        // for the build log: what the upgrade did, bundle by bundle
        System.out.println("PluginHotSwapIT: plugin bundles before the upgrade " + pluginsBefore + ", after "
                + pluginsAfter + "; bundle events " + describe(bundleEvents) + "; refreshes "
                + frameworkEvents.stream().filter(e -> e.getType() == FrameworkEvent.PACKAGES_REFRESHED).count());

        // the local-storage plugin is the newer one, and it serves
        assertEquals(NEWER, upgraded.getVersion().toString());
        assertEquals(NEWER, field(get("/plugins/ovm-plugin-local-storage"), "version"));
        assertTrue("the local-storage bundle itself was updated",
                bundleEvents.stream().anyMatch(e -> e.getBundle().getSymbolicName().equals(LOCAL_STORAGE)));
        String volume = post("/volumes", "{\"name\":\"after-upgrade.qcow2\",\"poolId\":\"" + poolId
                + "\",\"sizeGiB\":1}");
        assertEquals(volume, "SUCCEEDED", runTask(volume));

        // neither plugin is wired to a package of another plugin: each has its own libvirt-java
        for (Bundle plugin : List.of(kvm, upgraded)) {
            BundleWiring wiring = plugin.adapt(BundleWiring.class);
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                assertFalse(plugin.getSymbolicName() + " imports "
                        + wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE) + " from "
                        + wire.getProvider().getSymbolicName(),
                        wire.getProvider().getSymbolicName().startsWith("org.ovm.plugin."));
            }
            assertSame(plugin.getSymbolicName() + " loads its own libvirt-java", wiring.getClassLoader(),
                    plugin.loadClass("org.libvirt.Connect").getClassLoader());
        }

        // the KVM plugin was not touched: same bundle, same revision, same service, no event at all
        assertEquals(Collections.emptyList(), describe(bundleEvents.stream()
                .filter(e -> e.getBundle().getBundleId() == kvmId || e.getBundle().getBundleId() == jnaId).toList()));
        assertEquals(Collections.emptyList(), kvmServiceEvents.stream().map(ServiceEvent::getType).toList());
        assertEquals(kvmId, bundle(KVM).getBundleId());
        assertEquals(Bundle.ACTIVE, kvm.getState());
        assertEquals("the KVM bundle was not updated or restarted", kvmModified, kvm.getLastModified());
        assertSame("the KVM bundle was not refreshed", kvmRevision, kvm.adapt(BundleRevision.class));
        assertTrue(kvm.adapt(BundleWiring.class).isCurrent());
        assertEquals("the KVM driver was not re-registered", kvmDriver.getProperty("service.id"),
                driver("(hypervisor.type=kvm)").getProperty("service.id"));
        assertEquals("the kernel was not restarted", kernelModified, bundle("org.ovm.core").getLastModified());
        // every other plugin bundle is as it was
        pluginsBefore.remove(localStorage.getBundleId());
        pluginsAfter.remove(upgraded.getBundleId());
        assertEquals(pluginsBefore, pluginsAfter);
        assertNotEquals(0, pluginsAfter.size());

        // ... and its guest kept running: the KVM driver (the same object, its libvirt connection) still
        // finds it running, and the engine too
        assertEquals(PowerState.RUNNING, guestState(kvmDriver, hostId, backendId));
        assertEquals("RUNNING", field(get("/instances/" + guestId), "state"));
    }

    /** The guest's power state as the KVM driver reads it from libvirt now. */
    private PowerState guestState(ServiceReference<?> driverRef, String hostId, String backendId) throws Exception {
        HypervisorDriver driver = (HypervisorDriver) bundleContext.getService(driverRef);
        try {
            OperationContext ctx = new OperationContext("swap-it", Instant.now().plusSeconds(30), "system",
                    Runnable::run);
            return driver.findInstance(ctx, new HostEndpoint(hostId, "test:///default", null, null, Map.of()),
                    backendId).toCompletableFuture().get(30, TimeUnit.SECONDS).map(InstanceInfo::state)
                    .orElseThrow(() -> new AssertionError("the KVM driver no longer finds guest " + backendId));
        } finally {
            bundleContext.ungetService(driverRef);
        }
    }

    /** Id → "symbolic name version state modified" of every OVM plugin bundle. */
    private Map<Long, String> pluginBundles() {
        Map<Long, String> out = new TreeMap<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith("org.ovm.plugin.")) {
                out.put(bundle.getBundleId(), bundle.getSymbolicName() + " " + bundle.getVersion() + " state "
                        + bundle.getState() + " modified " + bundle.getLastModified());
            }
        }
        return out;
    }

    /** "symbolic-name#id EVENT" of each bundle event. */
    private static List<String> describe(List<BundleEvent> events) {
        Map<Integer, String> names = Map.of(BundleEvent.INSTALLED, "INSTALLED", BundleEvent.RESOLVED, "RESOLVED",
                BundleEvent.STARTING, "STARTING", BundleEvent.STARTED, "STARTED", BundleEvent.STOPPING, "STOPPING",
                BundleEvent.STOPPED, "STOPPED", BundleEvent.UPDATED, "UPDATED", BundleEvent.UNRESOLVED, "UNRESOLVED",
                BundleEvent.UNINSTALLED, "UNINSTALLED", BundleEvent.LAZY_ACTIVATION, "LAZY_ACTIVATION");
        return events.stream().map(e -> e.getBundle().getSymbolicName() + "#" + e.getBundle().getBundleId() + " "
                + names.get(e.getType())).toList();
    }

    private ServiceReference<?> driver(String filter) throws Exception {
        ServiceReference<?>[] refs = bundleContext.getServiceReferences((String) null, filter);
        if (refs == null || refs.length != 1) {
            throw new AssertionError("not one service " + filter + ": " + Arrays.toString(refs));
        }
        return refs[0];
    }

    private String driverVersion(String filter) throws Exception {
        ServiceReference<?>[] refs = bundleContext.getServiceReferences((String) null, filter);
        return refs == null || refs.length != 1 || refs[0].getBundle() == null ? ""
                : refs[0].getBundle().getVersion().toString();
    }

    /**
     * A features repository holding the next release of a plugin: the installed feature with the
     * plugin's bundle rebuilt at {@code version} (what the vendor's next build would be).
     */
    private URI newerRelease(String name, Bundle plugin, String version) throws Exception {
        Feature current = features.getFeature(name);
        Path dir = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "tmp", name + "-" + version));
        Path jar = dir.resolve(plugin.getSymbolicName() + "-" + version + ".jar");
        try (InputStream in = new URL(plugin.getLocation()).openStream()) {
            Files.write(jar, withBundleVersion(in.readAllBytes(), version));
        }
        StringBuilder xml = new StringBuilder("<features name=\"" + name + "-" + version
                + "\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n  <feature name=\"" + name
                + "\" version=\"" + version + "\" description=\"" + current.getDescription() + "\">\n");
        for (Dependency dependency : current.getDependencies()) {
            String range = dependency.getVersion();
            xml.append("    <feature").append(range == null || range.equals("0.0.0") ? "" : " version=\"" + range + "\"")
                    .append('>').append(dependency.getName()).append("</feature>\n");
        }
        for (BundleInfo bundle : current.getBundles()) {
            String location = bundle.getLocation().equals(plugin.getLocation()) ? jar.toUri().toString()
                    : bundle.getLocation();
            xml.append("    <bundle").append(bundle.isDependency() ? " dependency=\"true\"" : "").append('>')
                    .append(location).append("</bundle>\n");
        }
        Path repository = dir.resolve("features.xml");
        Files.writeString(repository, xml.append("  </feature>\n</features>\n"));
        return repository.toUri();
    }

    private static byte[] withBundleVersion(byte[] jar, String version) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private String runTask(String accepted) throws Exception {
        String taskId = field(accepted, "id");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String state = field(get("/tasks/" + taskId + "?wait=5"), "state");
            if (!"QUEUED".equals(state) && !"RUNNING".equals(state)) {
                return state;
            }
        }
        throw new AssertionError("task " + taskId + " did not finish");
    }

    private void await(ThrowingCondition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private void awaitStatus(String path, int status, Duration timeout) throws Exception {
        await(() -> {
            try {
                return send("GET", path, null).statusCode() == status;
            } catch (java.io.IOException notYet) {
                return false;
            }
        }, timeout, path + " answering " + status);
    }

    private String get(String path) throws Exception {
        return send("GET", path, null).body();
    }

    private String post(String path, String json) throws Exception {
        HttpResponse<String> response = send("POST", path, json);
        assertEquals(response.body(), 202, response.statusCode());
        return response.body();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        String password = Files.readString(Paths.get(System.getProperty("karaf.data"), "admin-password")).trim();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile(String.format(FIELD.pattern(), Pattern.quote(name))).matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no field " + name + " in " + json);
        }
        return matcher.group(2);
    }

    @FunctionalInterface
    private interface ThrowingCondition {
        boolean holds() throws Exception;
    }

}
