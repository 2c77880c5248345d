package org.ovm.plugin.docker.internal;

/** IPv4 CIDR arithmetic; anything that is not IPv4 CIDR never overlaps. */
final class Cidrs {

    private Cidrs() {
    }

    /** Whether two IPv4 CIDRs share an address. */
    static boolean overlap(String a, String b) {
        long[] x = range(a);
        long[] y = range(b);
        return x != null && y != null && x[0] <= y[1] && y[0] <= x[1];
    }

    /** First and last address of a CIDR, or null. */
    static long[] range(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String[] octets = cidr.substring(0, slash).split("\\.");
        if (octets.length != 4) {
            return null;
        }
        try {
            long ip = 0;
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    return null;
                }
                ip = ip << 8 | v;
            }
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > 32) {
                return null;
            }
            long size = 1L << (32 - prefix);
            long first = ip & ~(size - 1) & 0xffffffffL;
            return new long[] {first, first + size - 1};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
