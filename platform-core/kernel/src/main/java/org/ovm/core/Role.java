package org.ovm.core;

import java.util.Locale;

/** Roles a user holds; enforced by the engine on every call. */
public enum Role {
    /** Operators: everything. */
    ADMIN,
    /** Manages the users and resources of one VDC. */
    VDC_ADMIN,
    /** Self-service within one VDC. */
    USER;

    /** The external name: {@code admin}, {@code vdc-admin}, {@code user}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role fromId(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw OvmException.invalid("role", "unknown role '" + id + "'; use admin, vdc-admin or user");
    }
}
