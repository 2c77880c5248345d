package org.ovm.core.backup.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Pattern;

import org.ovm.core.OvmException;
import org.ovm.core.backup.ScheduleRequest;

/** Checks a backup schedule and computes when it runs next (UTC). */
public final class Schedules {

    public static final String DAILY = "daily";
    public static final String WEEKLY = "weekly";
    public static final int MAX_KEEP = 100;

    private static final Pattern AT = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private Schedules() {
    }

    /** A checked schedule: kind lower case, day of week upper case (null when daily). */
    public record Checked(String poolId, String kind, String at, String dayOfWeek, int keep) {
    }

    /** Checks a schedule request: 400 naming the field that is wrong. */
    public static Checked check(ScheduleRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with poolId, kind, at and keep is required");
        }
        if (request.poolId() == null || request.poolId().isBlank()) {
            throw OvmException.invalid("poolId", "poolId is required");
        }
        String kind = request.kind() == null ? null : request.kind().toLowerCase(Locale.ROOT);
        if (!DAILY.equals(kind) && !WEEKLY.equals(kind)) {
            throw OvmException.invalid("kind", "kind must be daily or weekly");
        }
        if (request.at() == null || !AT.matcher(request.at()).matches()) {
            throw OvmException.invalid("at", "at must be a time of day HH:MM (00:00 to 23:59, UTC)");
        }
        String day = null;
        if (WEEKLY.equals(kind)) {
            if (request.dayOfWeek() == null) {
                throw OvmException.invalid("dayOfWeek", "a weekly schedule needs dayOfWeek (MONDAY to SUNDAY)");
            }
            try {
                day = DayOfWeek.valueOf(request.dayOfWeek().toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw OvmException.invalid("dayOfWeek", "dayOfWeek must be one of MONDAY to SUNDAY");
            }
        } else if (request.dayOfWeek() != null) {
            throw OvmException.invalid("dayOfWeek", "dayOfWeek is for weekly schedules only");
        }
        if (request.keep() == null || request.keep() < 1 || request.keep() > MAX_KEEP) {
            throw OvmException.invalid("keep", "keep must be between 1 and " + MAX_KEEP);
        }
        return new Checked(request.poolId(), kind, request.at(), day, request.keep());
    }

    /** The first instant strictly after {@code after} the schedule runs at. */
    public static long next(String kind, String at, String dayOfWeek, long after) {
        ZonedDateTime from = Instant.ofEpochMilli(after).atZone(ZoneOffset.UTC);
        LocalTime time = LocalTime.parse(at);
        ZonedDateTime candidate = from.with(time).withSecond(0).withNano(0);
        if (WEEKLY.equals(kind)) {
            candidate = candidate.with(TemporalAdjusters.nextOrSame(DayOfWeek.valueOf(dayOfWeek)));
            if (!candidate.isAfter(from)) {
                candidate = candidate.plusWeeks(1);
            }
        } else if (!candidate.isAfter(from)) {
            candidate = candidate.plusDays(1);
        }
        return candidate.toInstant().toEpochMilli();
    }
}
