package org.ovm.itests.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

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

/**
 * Pax Exam boots the assembled OVM distribution and proves runtime plugin swaps: a plugin
 * feature installed at runtime is listed and its driver serves within 2 s; uninstalled, its host
 * reports the missing driver and calls fail fast with 503; reinstalled, service resumes, all
 * without restarting the engine (the kernel bundle is never restarted).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginHotSwapIT {

    private static final int HTTP_PORT = 38181;
    private static final Duration SWAP_DEADLINE = Duration.ofSeconds(2);
    private static final Pattern FIELD = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]*)\"");

    @Inject
    private BundleContext bundleContext;

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
