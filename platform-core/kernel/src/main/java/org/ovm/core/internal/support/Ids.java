package org.ovm.core.internal.support;

import java.util.UUID;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;

/** Id generation and the name rule shared by every named resource. */
public final class Ids {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Ids() {
    }

    /** Fails with 409 if an entity of this class already has the name (unique names per kind). */
    public static void requireUnusedName(EntityManager em, Class<?> entity, String kind,
            String name) {
        if (!em.createQuery("SELECT e.id FROM " + entity.getSimpleName() + " e WHERE e.name = ?1")
                .setParameter(1, name).setMaxResults(1).getResultList().isEmpty()) {
            throw OvmException.conflict("name", kind + " '" + name + "' already exists");
        }
    }

    /**
     * The 409 for a name another resource already holds, where names are unique across VDCs
     * (instances per host, volumes per pool, vApps). Admins, who see every resource, are told
     * where ({@code detail}); everyone else gets the same words whether or not they may see the
     * holder, so the answer tells nothing beyond the name being taken: not the holder's host,
     * pool or VDC.
     */
    public static OvmException nameTaken(Caller caller, String name, String detail) {
        return OvmException.conflict("name", caller != null && caller.isAdmin() ? detail
                : "the name '" + name + "' is not available; choose another");
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Checks a resource name; the error names {@code field}. */
    public static String requireName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw OvmException.invalid(field, field + " is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw OvmException.invalid(field, field + " '" + name
                    + "' is invalid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
