package org.ovm.core.auth;

/** A freshly issued bearer token; it is shown once and stored only as a hash. */
public record TokenView(String token, String tokenType, String expiresAt, String username, String role) {
}
