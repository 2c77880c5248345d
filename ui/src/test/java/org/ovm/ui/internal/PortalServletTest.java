package org.ovm.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortalServletTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"/, index.html", "'', index.html", "/instances, index.html",
            "/assets/index-1.js, assets/index-1.js", "/favicon.ico, favicon.ico", "/../etc/passwd, NULL",
            "/assets/..%2f..%2fx.js, NULL"})
    void routesGoToThePageAndFilesToThemselves(String requested, String file) {
        assertThat(PortalServlet.resolve(requested)).isEqualTo(file);
    }

    @org.junit.jupiter.api.Test
    void theOtherServletsPathsAreNeverThePage() {
        // while the API is not deployed yet (boot), /api/v1/health must not answer 200 with the page
        assertThat(PortalServlet.resolve("/api/v1/health")).isNull();
        assertThat(PortalServlet.resolve("/api")).isNull();
        assertThat(PortalServlet.resolve("/stream/events")).isNull();
        assertThat(PortalServlet.resolve("/console/ws")).isNull();
        assertThat(PortalServlet.resolve("/apis")).isEqualTo("index.html");
    }

    @Test
    void backslashesNeverReachTheBundle() {
        assertThat(PortalServlet.resolve("/a\\b.js")).isNull();
    }

    @Test
    void thePageMayNotBeFramedNorLoadOrSendAnythingElsewhere() {
        String policy = PortalServlet.SECURITY_HEADERS.get("Content-Security-Policy");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe-eval", "*");
        assertThat(PortalServlet.SECURITY_HEADERS).containsEntry("X-Frame-Options", "DENY")
                .containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Referrer-Policy", "no-referrer");
    }
}
