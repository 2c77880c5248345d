package org.ovm.core.network.internal;

import org.ovm.core.OvmException;

/** IPv6 prefixes as a network's optional {@code ipv6Cidr}: parsed, checked and written in RFC 5952 form. */
public final class Ipv6 {

    /** Shortest prefix accepted: a site's /48. */
    static final int MIN_PREFIX = 48;

    private Ipv6() {
    }

    /**
     * Parses {@code address/n} (48 <= n <= 128, no host bits set) and answers it in its canonical form
     * ({@code 2001:db8:0:0::/64} becomes {@code 2001:db8::/64}); the error names {@code field}.
     */
    public static String prefix(String field, String text) {
        String example = field + " must be an IPv6 prefix like 2001:db8:10::/64, got " + text;
        if (text == null || text.indexOf('/') < 0) {
            throw OvmException.invalid(field, example);
        }
        String[] parts = text.trim().split("/", 2);
        int[] groups = parse(parts[0]);
        if (groups == null) {
            throw OvmException.invalid(field, example);
        }
        int length;
        try {
            length = parts[1].length() > 3 ? -1 : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < MIN_PREFIX || length > 128) {
            throw OvmException.invalid(field, field + " prefix must be between /" + MIN_PREFIX + " and /128, got /"
                    + parts[1]);
        }
        int[] masked = groups.clone();
        for (int i = 0; i < 8; i++) {
            int bits = Math.max(0, Math.min(16, length - 16 * i));
            masked[i] &= bits == 0 ? 0 : (0xFFFF << (16 - bits)) & 0xFFFF;
        }
        if (!java.util.Arrays.equals(masked, groups)) {
            throw OvmException.invalid(field, field + " " + text.trim() + " has host bits set; did you mean "
                    + format(masked) + "/" + length + "?");
        }
        return format(groups) + "/" + length;
    }

    /** The eight 16-bit groups of an IPv6 address, or null when {@code text} is not one. */
    static int[] parse(String text) {
        if (text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        int[] head = groups(halves[0]);
        int[] tail = halves.length == 2 ? groups(halves[1]) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (halves.length == 1 ? given != 8 : given > 7) {
            return null;
        }
        int[] result = new int[8];
        System.arraycopy(head, 0, result, 0, head.length);
        System.arraycopy(tail, 0, result, 8 - tail.length, tail.length);
        return result;
    }

    /** The groups of one side of {@code ::} (a trailing dotted IPv4 address counts as two), or null. */
    private static int[] groups(String side) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] words = side.split(":", -1);
        boolean dotted = words[words.length - 1].contains(".");
        int[] groups = new int[words.length + (dotted ? 1 : 0)];
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (dotted && i == words.length - 1) {
                long v4;
                try {
                    v4 = Ipv4.parse("address", word);
                } catch (OvmException e) {
                    return null;
                }
                groups[i] = (int) (v4 >> 16);
                groups[i + 1] = (int) (v4 & 0xFFFF);
            } else if (word.isEmpty() || word.length() > 4 || word.contains(".")) {
                return null;
            } else {
                groups[i] = Integer.parseInt(word, 16);
            }
        }
        return groups;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String format(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
