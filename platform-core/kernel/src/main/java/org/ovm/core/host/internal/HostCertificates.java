package org.ovm.core.host.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.ovm.core.OvmException;
import org.ovm.core.host.HostCertificate;

/**
 * Reads the certificate an address presents with a bare TLS handshake: nothing is sent after it
 * and nothing is trusted by it; the admin decides from what it shows.
 */
final class HostCertificates {

    private static final int TIMEOUT_MILLIS = 5_000;

    private HostCertificates() {
    }

    static HostCertificate read(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri == null ? "" : uri.trim());
        } catch (IllegalArgumentException e) {
            throw OvmException.invalid("uri", "uri is https://host[:port][/path] or tcp://host:port, not " + uri);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("tcp")) || parsed.getHost() == null) {
            throw OvmException.invalid("uri", "uri is https://host[:port][/path] or tcp://host:port, not " + uri);
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : scheme.equals("https") ? 443 : 2376;
        String where = parsed.getHost() + ":" + port;
        X509Certificate cert;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(parsed.getHost(), port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, parsed.getHost(), port,
                    false)) {
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                cert = (X509Certificate) chain[0];
            }
        } catch (UnknownHostException e) {
            throw OvmException.invalid("uri", "unknown host name " + parsed.getHost());
        } catch (ConnectException e) {
            throw OvmException.invalid("uri", "nothing accepts connections at " + where + " (" + e.getMessage() + ")");
        } catch (SocketTimeoutException e) {
            throw OvmException.invalid("uri", where + " did not answer within " + TIMEOUT_MILLIS / 1000 + " s");
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw OvmException.invalid("uri", where + " did not complete a TLS handshake (" + e.getMessage() + ")");
        }
        return new HostCertificate(uri, fingerprint(cert), cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(), cert.getNotBefore().toInstant().toString(),
                cert.getNotAfter().toInstant().toString(),
                cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()));
    }

    static String fingerprint(X509Certificate cert) {
        try {
            String hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getEncoded()));
            return hex.replaceAll("(..)(?!$)", "$1:");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts any certificate: this handshake only reads it, it never carries credentials. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // read, not trusted
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
