package org.ovm.plugin.vlannet.internal;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/** IPv4 addresses and subnets as the driver needs them: parsing, masks, membership. */
final class Ipv4 {

    private Ipv4() {
    }

    /** A subnet such as {@code 10.100.0.0/24}. */
    record Cidr(int network, int prefix) {

        static Cidr parse(String cidr) {
            if (cidr == null) {
                throw invalid("the network has no IPv4 subnet (cidr)");
            }
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw invalid("subnet " + cidr + " is not of the form a.b.c.d/prefix");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid("subnet " + cidr + " has no numeric prefix length");
            }
            if (prefix < 0 || prefix > 32) {
                throw invalid("subnet " + cidr + " has a prefix length outside 0..32");
            }
            int address = Ipv4.parse(cidr.substring(0, slash), "subnet " + cidr);
            return new Cidr(address & mask(prefix), prefix);
        }

        boolean contains(int address) {
            return (address & mask(prefix)) == network;
        }

        String networkAddress() {
            return format(network);
        }

        String netmask() {
            return format(mask(prefix));
        }

        /** Whether {@code address} is neither the subnet's own address nor its broadcast address. */
        boolean isHost(int address) {
            if (prefix >= 31) {
                return contains(address);
            }
            return contains(address) && address != network && address != (network | ~mask(prefix));
        }

        /** OpenFlow's form: {@code a.b.c.d/prefix}, or null for everything ({@code /0}). */
        String match() {
            return prefix == 0 ? null : prefix == 32 ? format(network) : format(network) + "/" + prefix;
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Parses a dotted quad; {@code what} names the value in the error. */
    static int parse(String address, String what) {
        String[] parts = address == null ? new String[0] : address.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(what + ": " + address + " is not an IPv4 address");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw invalid(what + ": " + address + " is not an IPv4 address");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw invalid(what + ": " + address + " is not an IPv4 address");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    static DriverException invalid(String message) {
        return new DriverException(ErrorCode.INVALID, message);
    }
}
