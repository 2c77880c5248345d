package org.ovm.core.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.ovm.core.OvmException;

/**
 * Which events an export reads: all bounds are optional.
 *
 * @param since events at or after this instant, or null
 * @param until events before this instant, or null
 * @param topic a topic prefix ({@code user/}, {@code auth/refused}), or null
 */
public record EventQuery(Instant since, Instant until, String topic) {

    public static final EventQuery ALL = new EventQuery(null, null, null);

    /**
     * A query from text, as the REST export and the shell take it: {@code since} and {@code until}
     * are ISO-8601 instants ({@code 2026-12-01T08:00:00Z}) or dates ({@code 2026-12-01}, midnight
     * UTC); blank means unbounded. 400 naming the field otherwise.
     */
    public static EventQuery parse(String since, String until, String topic) {
        return new EventQuery(instant("since", since), instant("until", until),
                topic == null || topic.isBlank() ? null : topic.trim());
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.trim().length() == 10 ? LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw OvmException.invalid(field, field + " must be an ISO-8601 instant (2026-12-01T08:00:00Z) or a date "
                    + "(2026-12-01), not " + text);
        }
    }
}
