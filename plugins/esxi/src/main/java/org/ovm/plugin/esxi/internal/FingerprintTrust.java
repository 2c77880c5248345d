package org.ovm.plugin.esxi.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.X509TrustManager;

/**
 * Trusts a host's certificate by its SHA-256 fingerprint (ESXi hosts sign their own): the
 * pinned one only, or, with none pinned (trust on first use), any, remembering what it saw so
 * the caller can store it and pin it from then on.
 */
final class FingerprintTrust implements X509TrustManager {

    private final String pinned;
    private volatile String seen;

    /** @param pinned {@code AA:BB:...} (case and separators ignored), or null to accept and remember */
    FingerprintTrust(String pinned) {
        this.pinned = pinned == null ? null : normalize(pinned);
    }

    /** The fingerprint of the last certificate the host presented, as {@code AA:BB:...}, or null. */
    String seen() {
        return seen;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the host presented no certificate");
        }
        String fingerprint = fingerprint(chain[0]);
        seen = fingerprint;
        if (pinned != null && !pinned.equals(normalize(fingerprint))) {
            throw new CertificateException("the host's certificate changed: its SHA-256 fingerprint is " + fingerprint
                    + ", the host was added with " + format(pinned));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return format(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new CertificateException(e);
        }
    }

    private static String normalize(String fingerprint) {
        return fingerprint.replaceAll("[^0-9A-Fa-f]", "").toUpperCase(Locale.ROOT);
    }

    private static String format(String hex) {
        String h = normalize(hex);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.length(); i += 2) {
            b.append(i == 0 ? "" : ":").append(h, i, Math.min(i + 2, h.length()));
        }
        return b.toString();
    }
}
