package org.ovm.core.internal.support;

import java.util.Locale;

import org.ovm.core.OvmException;

/** Checks of request fields that answer with an INVALID problem naming the field. */
public final class Checks {

    /** The longest description any resource keeps (the inventory's columns hold 1024). */
    public static final int MAX_DESCRIPTION = 1000;

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

    /**
     * Free text (a description, a label, an argument): null, or at most {@code maxLength}
     * characters that XML 1.0 can carry and every backend stores as given. Refused: the control
     * characters U+0000 to U+001F except tab, line feed and carriage return, the noncharacters
     * U+FFFE and U+FFFF, and surrogates that do not form a pair. The message names the field and
     * the character's position (counted from 1), never echoes the text.
     *
     * @return the value as given
     */
    public static String requireText(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw OvmException.invalid(field, field + " is limited to " + maxLength + " characters");
        }
        String wrong = firstInvalid(value);
        if (wrong != null) {
            throw OvmException.invalid(field, field + " contains " + wrong + "; free text may hold printable "
                    + "characters, tabs and line breaks");
        }
        return value;
    }

    /** What is wrong with the first character of {@code text} that free text may not hold, or null. */
    static String firstInvalid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String at = " (" + code(c) + ") at position " + (i + 1);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return "a control character" + at;
            }
            if (c == 0xfffe || c == 0xffff) {
                return "a noncharacter" + at;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a pair: one character outside the BMP
                    continue;
                }
                return "an unpaired surrogate" + at;
            }
            if (Character.isLowSurrogate(c)) {
                return "an unpaired surrogate" + at;
            }
        }
        return null;
    }

    private static String code(char c) {
        return "U+" + String.format(Locale.ROOT, "%04X", (int) c);
    }
}
