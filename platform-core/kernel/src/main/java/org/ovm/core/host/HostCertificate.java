package org.ovm.core.host;

/**
 * The TLS certificate an address presents, read before a host is added so that an admin can
 * confirm it ({@code sha256} goes into the host's {@code thumbprint} setting).
 *
 * @param uri        the address as given
 * @param sha256     SHA-256 fingerprint of the certificate, {@code AA:BB:...}
 * @param subject    its subject's distinguished name
 * @param issuer     its issuer's distinguished name
 * @param notBefore  start of validity, ISO-8601
 * @param notAfter   end of validity, ISO-8601
 * @param selfSigned whether subject and issuer are the same (as on a stock ESXi host)
 */
public record HostCertificate(String uri, String sha256, String subject, String issuer, String notBefore,
        String notAfter, boolean selfSigned) {
}
