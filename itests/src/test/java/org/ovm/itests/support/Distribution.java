package org.ovm.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The assembled OVM distribution run as a real process: unpacked from the build's tar.gz into
 * its own folder with its own ports, started with {@code bin/start}, stopped with
 * {@code bin/stop} (or killed with -9), driven through HTTP and {@code bin/client}.
 */
public final class Distribution implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "itest-admin-pw";

    private final Path home;
    private final int httpPort;
    private final int httpsPort;
    private final int sshPort;

    private Distribution(Path home, int portBase) {
        this.home = home;
        this.httpPort = portBase + 181;
        this.httpsPort = portBase + 443;
        this.sshPort = portBase + 101;
    }

    /**
     * A copy named {@code name} whose ports start at {@code portBase} (e.g. 28000): a copy of a distribution
     * that has been started and stopped once in this test JVM (see {@link Warm}), which boots in about a third
     * of a fresh one's time (Karaf's resolved features and bundle cache, the migrated inventory, the admin user
     * and the TLS certificate are there already); a fresh unpack when that warm-up failed.
     */
    public static Distribution unpack(String name, int portBase) throws Exception {
        Path warm = Warm.template();
        if (warm == null) {
            return unpackFresh(name, portBase);
        }
        Path work = workDir(name);
        run(work.getParent(), Duration.ofMinutes(2), "cp", "-a", warm.toString(), work.toString());
        return withPorts(work, portBase);
    }

    /**
     * Unpacks a fresh copy named {@code name} from the build's tar.gz, as a new user gets it: its first start
     * creates the inventory, the admin user and the certificate (FirstRunIT, and the warm template itself).
     */
    public static Distribution unpackFresh(String name, int portBase) throws Exception {
        String tarball = System.getProperty("ovm.distribution");
        if (tarball == null || !Files.exists(Paths.get(tarball))) {
            throw new IllegalStateException("the OVM distribution " + tarball
                    + " is missing: build it first with 'mvn -B install -DskipTests' (or run ./ovm test)");
        }
        Path work = workDir(name);
        Files.createDirectories(work);
        run(work, Duration.ofMinutes(2), "tar", "xzf", tarball, "-C", work.toString(), "--strip-components=1");
        return withPorts(work, portBase);
    }

    private static Path workDir(String name) throws IOException {
        Path work = Paths.get(System.getProperty("ovm.work", "target/dist"), name).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work.getParent());
        return work;
    }

    private static Distribution withPorts(Path work, int portBase) throws IOException {
        Distribution dist = new Distribution(work, portBase);
        dist.setPort("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", dist.httpPort);
        dist.setPort("etc/custom.system.properties", "ovm.https.port", dist.httpsPort);
        dist.setPort("etc/org.apache.karaf.shell.cfg", "sshPort", dist.sshPort);
        dist.setPort("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", portBase + 99);
        dist.setPort("etc/org.apache.karaf.management.cfg", "rmiServerPort", portBase + 44);
        return dist;
    }

    /**
     * The warm template: a fresh distribution started once (ports 27000+, unused by any test), healthy, and
     * stopped, without its pid, lock and log files. Made on first use in a test JVM; {@code
     * -Dovm.itest.warm=false} turns it off (every copy is then a fresh unpack).
     */
    private static final class Warm {
        private static Path template;
        private static boolean tried;

        static synchronized Path template() throws Exception {
            if (tried || !Boolean.parseBoolean(System.getProperty("ovm.itest.warm", "true"))) {
                return template;
            }
            tried = true;
            long started = System.nanoTime();
            try (Distribution dist = unpackFresh(".warm-template", 27000)) {
                dist.start();
                dist.close();
                for (String stale : List.of("karaf.pid", "lock", "data/port")) {
                    Files.deleteIfExists(dist.home().resolve(stale));
                }
                deleteTree(dist.home().resolve("data/log"));
                Files.createDirectories(dist.home().resolve("data/log"));
                Files.setPosixFilePermissions(dist.home().resolve("data/log"),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                template = dist.home();
                System.out.printf("OVM distribution warmed up in %d ms: the system tests' engines are copies of it%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } catch (Exception e) {
                System.err.println("The warm distribution could not be made (every test unpacks a fresh one): " + e);
            }
            return template;
        }
    }

    public Path home() {
        return home;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort + "/api/v1";
    }

    /** The API over HTTPS (every interface; the certificate is in {@code data/tls/ovm.p12}). */
    public String httpsBaseUrl() {
        return "https://localhost:" + httpsPort + "/api/v1";
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public Api api() {
        return new Api(baseUrl(), "admin", ADMIN_PASSWORD);
    }

    /** Starts the engine in the background and waits until {@code /health} answers 200. */
    public void start() throws Exception {
        start("");
    }

    /** Starts the engine with extra JVM options (e.g. {@code -Dovm.sync.period=2}). */
    public void start(String javaOptions) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/start").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("start.out").toFile());
        Map<String, String> env = builder.environment();
        env.put("OVM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("EXTRA_JAVA_OPTS", ("-Xmx512m " + javaOptions).trim());
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        if (builder.start().waitFor(60, TimeUnit.SECONDS)) {
            awaitHealthy(Duration.ofMinutes(3));
            return;
        }
        throw new IllegalStateException("bin/start did not return");
    }

    public void awaitHealthy(Duration timeout) throws Exception {
        Api anonymous = new Api(baseUrl(), null, null);
        // one client for every poll: a client per poll left an idle keep-alive connection each, and once the
        // edge's connections-per-client limit was reached every poll failed until the timeout
        Api admin = api();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Api.Reply health = anonymous.get("/health");
                // the engine's own answer, not a page some servlet serves while the API is not deployed
                if (health.status() == 200 && health.body() != null && health.body().contains("\"status\":\"UP\"")
                        && pluginsListed(admin)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("OVM did not become healthy within " + timeout + "; log tail:\n" + logTail());
    }

    /**
     * Whether the plugin catalogue lists the distribution's plugins yet: health is UP once the kernel and
     * the database are, and Karaf may still be loading the feature repositories then (TenantMatrixIT once
     * got a 404 for ovm-plugin-simulator right after health answered UP).
     */
    private static boolean pluginsListed(Api admin) throws IOException, InterruptedException {
        // only a 404 says "not yet": a test that changed the admin's password or locked it out restarts
        // the engine too, and then this cannot tell (401, 429), so health alone decides as before
        return admin.get("/plugins/ovm-plugin-simulator").status() != 404;
    }

    /** The engine's process id, from {@code karaf.pid}. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
    }

    /** Kills the engine at once, as a crash would. */
    public void kill9() throws Exception {
        long pid = pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Runs Karaf shell commands as admin through {@code bin/client}; returns the output. */
    public String client(String commands) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-a",
                String.valueOf(sshPort), "-u", "admin", "-p", ADMIN_PASSWORD, "-b").directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish: " + out);
        }
        return out;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the engine (bin/stop, then kill -9 if it lingers). */
    @Override
    public void close() throws Exception {
        if (!Files.exists(home.resolve("karaf.pid"))) {
            return;
        }
        long pid = pid();
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            ProcessBuilder stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            stop.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            stop.start().waitFor(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void setPort(String file, String key, int port) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(path));
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                lines.set(i, key + " = " + port);
                found = true;
            }
        }
        if (!found) {
            lines.add(key + " = " + port);
        }
        Files.write(path, lines);
    }

    private static void run(Path dir, Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
