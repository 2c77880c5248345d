package org.ovm.itests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The portal's browser tests (ui/web/e2e, Playwright driving Debian's Chromium) run against a distribution. */
public final class BrowserTests {

    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path WEB = Paths.get(System.getProperty("ovm.repo", "..")).resolve("ui/web");

    private BrowserTests() {
    }

    /** A directory for one IT's screenshots, beside the distributions. */
    public static Path screenshots(String name) {
        return Paths.get(System.getProperty("ovm.work", "target/dist")).getParent().resolve(name);
    }

    /** Fails naming the setup step when Chromium or the portal's npm packages are missing. */
    public static void requireBrowser() {
        assertThat(CHROMIUM).as("Chromium is missing: ./ovm test installs it (apt-get install chromium)").exists();
        assertThat(WEB.resolve("node_modules/playwright-core")).as("the portal's npm packages are missing: build "
                + "the ui module first (mvn -B install -DskipTests, or ./ovm test)").exists();
    }

    /** Deletes the pictures of an earlier run, so a missing one is noticed. */
    public static void clear(Path shots) throws Exception {
        if (Files.isDirectory(shots)) {
            try (var old = Files.list(shots)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Runs one of ui/web/e2e's scripts against the distribution; it must say "all checks passed". */
    public static void run(Distribution dist, Path shots, String script, Map<String, String> env) throws Exception {
        run(dist, shots, script, env, 5);
    }

    /** As above, for a script that may take up to {@code minutes} (one that boots several guests). */
    public static void run(Distribution dist, Path shots, String script, Map<String, String> env, int minutes)
            throws Exception {
        Path log = Files.createTempFile("portal-e2e", ".log");
        ProcessBuilder node = new ProcessBuilder("node", script).directory(WEB.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("OVM_URL", dist.baseUrl().replace("/api/v1", ""));
        node.environment().put("SCREENSHOTS", shots.toString());
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().putAll(env);
        Process run = node.start();
        boolean ended = run.waitFor(minutes, TimeUnit.MINUTES);
        if (!ended) {
            run.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as(script + " did not end within " + minutes + " minutes:\n" + output).isTrue();
        assertThat(run.exitValue()).as(script + " failed:\n" + output + "\n" + dist.logTail()).isZero();
        assertThat(output).contains("all checks passed");
    }
}
