package org.ovm.core.internal.support;

import java.time.Instant;

/** Epoch millis (as stored) to ISO-8601 (as shown). */
public final class Times {

    private Times() {
    }

    public static String iso(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    public static long now() {
        return System.currentTimeMillis();
    }
}
