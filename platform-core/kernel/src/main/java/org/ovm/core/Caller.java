package org.ovm.core;

import java.util.Objects;

/**
 * Who is calling the engine: an authenticated user (or the engine itself).
 *
 * @param username the user name
 * @param role     the user's role
 * @param vdcId    the user's VDC, or null for admins
 * @param userId   the user's id, which no later user ever gets (names are reused once a user is
 *                 deleted); null for the engine itself
 * @param source   where the call came from, as audit events record it: the client's IP address as
 *                 the REST layer saw it, {@link #SHELL} for Karaf shell commands, {@link #ENGINE} for
 *                 the engine's own work; null when unknown (events then record {@link #ENGINE})
 */
public record Caller(String username, Role role, String vdcId, String userId, String source) {

    /** The source of calls made by the engine itself. */
    public static final String ENGINE = "engine";

    /** The source of calls made from the Karaf shell (SSH, bin/client, the local console). */
    public static final String SHELL = "shell";

    public static final Caller SYSTEM = new Caller("system", Role.ADMIN, null, null, ENGINE);

    public Caller {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    /** A caller without a user id (tests, the engine's own work). */
    public Caller(String username, Role role, String vdcId) {
        this(username, role, vdcId, null, null);
    }

    /** A caller whose source is not known (yet): see {@link #withSource}. */
    public Caller(String username, Role role, String vdcId, String userId) {
        this(username, role, vdcId, userId, null);
    }

    /** This caller, calling from {@code newSource} (an IP address, {@link #SHELL} or {@link #ENGINE}). */
    public Caller withSource(String newSource) {
        return new Caller(username, role, vdcId, userId, newSource);
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
