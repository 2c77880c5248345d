package org.ovm.core.instance.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.core.OvmException;

/** The {@code since} of a log read: an ISO-8601 instant, epoch seconds, or an age ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}). */
final class Since {

    private static final Pattern AGE = Pattern.compile("^([0-9]{1,9})([smhd])$");
    private static final Pattern EPOCH = Pattern.compile("^[0-9]{1,12}$");

    private Since() {
    }

    /** The instant, or null for none. */
    static Instant parse(String since, Instant now) {
        if (since == null || since.isBlank()) {
            return null;
        }
        String s = since.trim();
        Matcher age = AGE.matcher(s);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        if (EPOCH.matcher(s).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(s));
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw OvmException.invalid("since", "since '" + s + "' is not an ISO-8601 instant "
                    + "(2026-12-06T10:00:00Z), epoch seconds or an age such as 10m");
        }
    }
}
