package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.BrowserTests;
import org.ovm.itests.support.Distribution;

/**
 * Issue 17, balancing policies in the portal: headless Chromium runs ui/web/e2e/balancing.e2e.mjs against a fresh
 * distribution with simulator hosts (the cluster form's balancing fields, a refusal under its field, Preview
 * balancing showing the report, Balance now asking first, Chinese). Port base 52900 (as BalancingIT, one after the
 * other).
 */
class BalancingPortalIT {

    private static final Path SHOTS = BrowserTests.screenshots("screenshots-balancing");

    @Test
    void theClusterFormSetsBalancingAndThePreviewShowsTheReport() throws Exception {
        BrowserTests.requireBrowser();
        BrowserTests.clear(SHOTS);
        try (Distribution dist = Distribution.unpack("balancing-portal", 52900)) {
            dist.start();
            BrowserTests.run(dist, SHOTS, "e2e/balancing.e2e.mjs", Map.of("OVM_ADMIN_PASSWORD",
                    Distribution.ADMIN_PASSWORD));
            assertThat(SHOTS.resolve("balancing-preview.png")).exists();
        }
    }
}
