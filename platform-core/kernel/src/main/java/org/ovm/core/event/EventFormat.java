package org.ovm.core.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ovm.core.OvmException;

/**
 * The file formats of an event export, shared by the REST export and {@code ovm:event-export} so
 * both write the same bytes. Each event is one line (a CSV field that holds a line break is quoted
 * and so spans lines, as RFC 4180 allows).
 */
public enum EventFormat {

    /** One JSON object per line (JSON Lines), with the fields of {@link EventView}. */
    JSONL("application/x-ndjson", "jsonl"),

    /** RFC 4180 CSV with a header line; every field that needs it is quoted, quotes doubled. */
    CSV("text/csv", "csv");

    /** The columns, in order: the JSON names of {@link EventView}. */
    public static final List<String> COLUMNS = List.of("id", "time", "topic", "resourceId", "user", "source",
            "outcome", "vdcId", "message");

    private final String mediaType;
    private final String extension;

    EventFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** {@code jsonl} or {@code csv} (any case); null means JSONL; 400 on field {@code format} otherwise. */
    public static EventFormat of(String name) {
        if (name == null || name.isBlank()) {
            return JSONL;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OvmException.invalid("format", "format is jsonl or csv, not " + name);
        }
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The first line of the file, with its line break, or "" if the format has none. */
    public String header() {
        return this == CSV ? String.join(",", COLUMNS) + "\r\n" : "";
    }

    /** One event as a line of the file, with its line break. */
    public String line(EventView e) {
        List<String> values = values(e);
        StringBuilder out = new StringBuilder(256);
        if (this == CSV) {
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ",").append(csv(values.get(i)));
            }
            return out.append("\r\n").toString();
        }
        out.append('{');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"').append(COLUMNS.get(i)).append("\":");
            out.append(values.get(i) == null ? "null" : json(values.get(i)));
        }
        return out.append("}\n").toString();
    }

    private static List<String> values(EventView e) {
        return Arrays.asList(e.id(), e.time(), e.topic(), e.resourceId(), e.user(), e.source(), e.outcome(),
                e.vdcId(), e.message());
    }

    /**
     * A CSV field: empty for null; quoted when it holds a comma, a quote, CR or LF, or starts with a
     * character a spreadsheet would run as a formula ({@code = + - @}, then also prefixed with
     * {@code '}); quotes are doubled.
     */
    static String csv(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean formula = "=+-@\t".indexOf(value.charAt(0)) >= 0;
        String text = formula ? "'" + value : value;
        boolean quote = formula || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** A JSON string literal. */
    static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
