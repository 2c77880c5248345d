package org.ovm.core.auth;

/** A user as clients see it; the password hash is never included. */
public record UserView(String id, String username, String role, String vdcId, String createdAt) {
}
