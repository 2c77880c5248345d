package org.ovm.plugin.docker.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * An SSL context from PEM text (a CA, a client certificate and its key), read with the JDK alone.
 * Keys must be PKCS#8 ({@code BEGIN PRIVATE KEY}, what OpenSSL 3 writes) with RSA or EC.
 */
final class PemTls {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /** A client context trusting {@code caPem} only and presenting {@code certPem} with {@code keyPem}. */
    static SSLContext context(String caPem, String certPem, String keyPem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : certificates(caPem, "tlsCa")) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<Certificate> chain = certificates(certPem, "tlsCert");
            keys.setKeyEntry("client", privateKey(keyPem), NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new DriverException(ErrorCode.INVALID, "TLS: the host's certificates cannot be used: " + e.getMessage(),
                    false, e);
        }
    }

    private static List<Certificate> certificates(String pem, String field) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        for (byte[] der : blocks(pem, "CERTIFICATE")) {
            out.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (out.isEmpty()) {
            throw new DriverException(ErrorCode.INVALID, "TLS: " + field + " holds no PEM certificate");
        }
        return out;
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (pem != null && pem.contains("BEGIN RSA PRIVATE KEY") || pem != null && pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new DriverException(ErrorCode.INVALID, "TLS: tlsKey is a PKCS#1/SEC1 key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem' (a PKCS#8 'BEGIN PRIVATE KEY' block)");
        }
        List<byte[]> der = blocks(pem, "PRIVATE KEY");
        if (der.isEmpty()) {
            throw new DriverException(ErrorCode.INVALID, "TLS: tlsKey holds no PEM 'PRIVATE KEY' block");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der.get(0));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new DriverException(ErrorCode.INVALID, "TLS: tlsKey is not an RSA, EC or Ed25519 key");
    }

    private static List<byte[]> blocks(String pem, String type) {
        List<byte[]> out = new ArrayList<>();
        if (pem == null) {
            return out;
        }
        Matcher m = BLOCK.matcher(pem.replace("\r", ""));
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2).trim().getBytes(StandardCharsets.US_ASCII)));
            }
        }
        return out;
    }
}
