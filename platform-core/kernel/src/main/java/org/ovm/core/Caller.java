package org.ovm.core;

import java.util.Objects;

/**
 * Who is calling the engine: an authenticated user (or the engine itself).
 *
 * @param username the user name
 * @param role     the user's role
 * @param vdcId    the user's VDC, or null for admins
 */
public record Caller(String username, Role role, String vdcId) {

    public static final Caller SYSTEM = new Caller("system", Role.ADMIN, null);

    public Caller {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Fails with 403 unless the caller is an admin. */
    public void requireAdmin() {
        if (!isAdmin()) {
            throw OvmException.forbidden("this operation needs the admin role");
        }
    }

    /** Fails with 403 unless the caller is an admin or the admin of a VDC. */
    public void requireUserManager() {
        if (role == Role.USER) {
            throw OvmException.forbidden("managing users needs the admin or vdc-admin role");
        }
    }

    /** True if the caller may see resources of {@code resourceVdcId}. */
    public boolean canSee(String resourceVdcId) {
        return isAdmin() || (vdcId != null && vdcId.equals(resourceVdcId));
    }
}
