package org.ovm.core.internal.support;

import org.ovm.core.OvmException;

/** Checks of request fields that answer with an INVALID problem naming the field. */
public final class Checks {

    private Checks() {
    }

    /** The value, which must be given and lie within [min, max]. */
    public static int requireRange(String field, Long value, long min, long max) {
        if (value == null) {
            throw OvmException.invalid(field, field + " is required");
        }
        if (value < min || value > max) {
            throw OvmException.invalid(field, field + " must be between " + min + " and " + max + ", got " + value);
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }
}
