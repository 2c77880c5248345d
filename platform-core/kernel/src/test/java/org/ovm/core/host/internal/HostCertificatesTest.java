package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ovm.core.OvmException;
import org.ovm.core.host.HostCertificate;

/** Reading the certificate an address presents, against a TLS server of the test's own. */
class HostCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void theCertificateOfATlsServerIsReadWithItsFingerprint() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "esxi", "-dname", "CN=esxi-test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret",
                "-keypass", "secret").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(out).isTrue();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0)) {
            Thread accept = new Thread(() -> {
                try (SSLSocket client = (SSLSocket) server.accept()) {
                    client.startHandshake();
                    client.getInputStream().read();
                } catch (Exception ignored) {
                    // the reader closes after the handshake
                }
            });
            accept.start();
            HostCertificate cert = HostCertificates.read("https://127.0.0.1:" + server.getLocalPort() + "/sdk");
            accept.join(10_000);
            X509Certificate expected = (X509Certificate) ks.getCertificate("esxi");
            assertThat(cert.sha256()).isEqualTo(HostCertificates.fingerprint(expected)).hasSize(95)
                    .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            assertThat(cert.subject()).isEqualTo("CN=esxi-test");
            assertThat(cert.selfSigned()).isTrue();
            assertThat(cert.notAfter()).isGreaterThan(cert.notBefore());
        }
    }

    @Test
    void whatIsNoTlsAddressIsRefusedNamingTheUri() throws Exception {
        assertRefused("ftp://127.0.0.1/sdk", "https://host");
        assertRefused("https:///sdk", "https://host");
        assertRefused(null, "https://host");
        try (ServerSocket closed = new ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close();
            assertRefused("https://127.0.0.1:" + port + "/sdk", "nothing accepts connections");
        }
        try (ServerSocket plain = new ServerSocket(0)) {
            Thread answer = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // the reader goes away
                }
            });
            answer.start();
            assertRefused("https://127.0.0.1:" + plain.getLocalPort() + "/sdk", "did not complete a TLS handshake");
            answer.join(10_000);
        }
    }

    private static void assertRefused(String uri, String detail) {
        assertThatThrownBy(() -> HostCertificates.read(uri)).isInstanceOf(OvmException.class)
                .hasMessageContaining(detail).satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo("uri"));
    }
}
