package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Distribution;

/**
 * The web portal in a real browser: Debian's headless Chromium driven by playwright-core runs
 * ui/web/e2e/portal.e2e.mjs against a fresh distribution (login, a user's own instances only, quota
 * bars, tasks, Simplified Chinese without English left, logout). Screenshots of every page are
 * kept in itests/target/screenshots.
 */
class PortalIT {

    @Test
    void usersWorkThroughThePortalInABrowser() throws Exception {
        Path chromium = Paths.get(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium is missing: ./ovm test installs it (apt-get install chromium)").exists();
        Path web = Paths.get(System.getProperty("ovm.repo", "..")).resolve("ui/web");
        assertThat(web.resolve("node_modules/playwright-core")).as("the portal's npm packages are missing: build "
                + "the ui module first (mvn -B install -DskipTests, or ./ovm test)").exists();
        Path shots = Paths.get(System.getProperty("ovm.work", "target/dist")).getParent().resolve("screenshots");
        if (Files.isDirectory(shots)) {
            try (var old = Files.list(shots)) {
                for (Path file : old.toList()) {
                    Files.delete(file); // only this run's pictures, so a missing one is noticed
                }
            }
        }
        try (Distribution dist = Distribution.unpack("portal", 33000)) {
            dist.start();
            String base = dist.baseUrl().replace("/api/v1", "");
            var page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the portal answers at / without authentication").isEqualTo(200);
            assertThat(page.body()).contains("<div id=\"root\">");
            Path log = Files.createTempFile("portal-e2e", ".log");
            ProcessBuilder node = new ProcessBuilder("node", "e2e/portal.e2e.mjs").directory(web.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            node.environment().put("OVM_URL", base);
            node.environment().put("OVM_ADMIN_PASSWORD", Distribution.ADMIN_PASSWORD);
            node.environment().put("SCREENSHOTS", shots.toString());
            node.environment().put("CHROMIUM", chromium.toString());
            Path kar = Paths.get(System.getProperty("ovm.hello.kar", "missing.kar"));
            assertThat(kar).as("build examples/hello-plugin first (./ovm test does)").exists();
            node.environment().put("HELLO_KAR", kar.toAbsolutePath().toString());
            Process run = node.start();
            boolean ended = run.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                run.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(ended).as("the browser test did not end within 5 minutes:\n" + output).isTrue();
            assertThat(run.exitValue()).as("the browser test failed:\n" + output + "\n" + dist.logTail()).isZero();
            assertThat(output).contains("all checks passed");
            assertThat(shots.resolve("07-instances-zh.png")).exists();
            assertThat(shots.resolve("04-instances.png")).exists();
        }
    }
}
