package org.ovm.core.host;

/** The address whose certificate to read: {@code https://host[:port][/sdk]} or {@code tcp://host:port}. */
public record CertificateRequest(String uri) {
}
