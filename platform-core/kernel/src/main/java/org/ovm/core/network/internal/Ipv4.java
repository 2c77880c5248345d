package org.ovm.core.network.internal;

import org.ovm.core.OvmException;

/** IPv4 addresses as longs, and the subnet arithmetic IPAM needs. */
public final class Ipv4 {

    private Ipv4() {
    }

    /** A subnet: its network address and prefix length. */
    public record Subnet(long network, int prefix) {

        public long broadcast() {
            return network | ((1L << (32 - prefix)) - 1);
        }

        public long firstHost() {
            return network + 1;
        }

        public long lastHost() {
            return broadcast() - 1;
        }

        /** True for a host address of the subnet (neither its network nor its broadcast address). */
        public boolean hosts(long address) {
            return address > network && address < broadcast();
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }

    /** Parses {@code a.b.c.d/n} (8 <= n <= 30); the error names {@code field}. */
    public static Subnet subnet(String field, String cidr) {
        if (cidr == null || !cidr.contains("/")) {
            throw OvmException.invalid(field, field + " must be an IPv4 subnet like 10.10.0.0/24, got " + cidr);
        }
        String[] parts = cidr.split("/", 2);
        long address = parse(field, parts[0]);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 8 || prefix > 30) {
            throw OvmException.invalid(field, field + " prefix must be between /8 and /30, got /" + parts[1]);
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & mask) != address) {
            throw OvmException.invalid(field, field + " " + cidr + " has host bits set; did you mean "
                    + format(address & mask) + "/" + prefix + "?");
        }
        return new Subnet(address, prefix);
    }

    /** Parses a dotted quad; the error names {@code field}. */
    public static long parse(String field, String text) {
        String[] octets = text == null ? new String[0] : text.trim().split("\\.", -1);
        if (octets.length != 4) {
            throw OvmException.invalid(field, field + " must be an IPv4 address like 10.10.0.1, got " + text);
        }
        long value = 0;
        for (String octet : octets) {
            int n;
            try {
                n = octet.isEmpty() || octet.length() > 3 ? -1 : Integer.parseInt(octet);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 255) {
                throw OvmException.invalid(field, field + " must be an IPv4 address like 10.10.0.1, got " + text);
            }
            value = value << 8 | n;
        }
        return value;
    }

    public static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }
}
