package org.ovm.plugin.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.testkit.ContractSupport;

/** Engines over tcp:// with TLS client certificates, against the real engine's TLS port. */
class DockerTlsTest extends ContractSupport {

    private final DockerHypervisorDriver driver = new DockerHypervisorDriver();

    private static String read(String env) throws IOException {
        return Files.readString(Path.of(DockerBackend.env(env)));
    }

    private static HostEndpoint tls(String host, String certEnv, String keyEnv) throws IOException {
        return new HostEndpoint(host, DockerBackend.env("DOCKER_TLS_HOST"), null, null, Map.of(Engines.TLS_CA,
                read("DOCKER_TLS_CA"), Engines.TLS_CERT, read(certEnv), Engines.TLS_KEY, read(keyEnv)));
    }

    @Test
    void theRightClientCertificateReachesTheEngine() throws IOException {
        HostFacts facts = await(driver.probe(ctx(), tls("tls-good", "DOCKER_TLS_CERT", "DOCKER_TLS_KEY")));
        assertThat(facts.cpus()).isPositive();
        assertThat(facts.details()).containsEntry("tls", "verified").containsEntry("clientApiVersion", "1.41")
                .containsKeys("engineVersion", "storageDriver", "os").doesNotContainKey("warning");
    }

    @Test
    void aClientCertificateOfAnotherAuthorityIsRefusedNamingTls() throws IOException {
        HostEndpoint bad = tls("tls-bad", "DOCKER_TLS_BAD_CERT", "DOCKER_TLS_BAD_KEY");
        assertThatThrownBy(() -> await(driver.probe(ctx(), bad))).satisfies(e -> {
            assertThat(codeOf(e)).as(e.getCause().toString()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(e.getCause().getMessage()).contains("TLS");
        });
    }

    @Test
    void plainTcpNeedsTheExplicitOptIn() {
        HostEndpoint plain = new HostEndpoint("plain", DockerBackend.env("DOCKER_TLS_HOST"), null, null, Map.of());
        assertThatThrownBy(() -> await(driver.probe(ctx(), plain))).satisfies(e -> {
            assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID);
            assertThat(e.getCause().getMessage()).contains("allowInsecure=true", "tlsCa");
        });
    }

    @Test
    void certificatesThatAreNotPemAreInvalid() {
        HostEndpoint garbage = new HostEndpoint("garbage", DockerBackend.env("DOCKER_TLS_HOST"), null, null,
                Map.of(Engines.TLS_CA, "not a certificate", Engines.TLS_CERT, "x", Engines.TLS_KEY, "y"));
        assertThatThrownBy(() -> await(driver.probe(ctx(), garbage))).satisfies(e -> {
            assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID);
            assertThat(e.getCause().getMessage()).contains("tlsCa");
        });
    }
}
