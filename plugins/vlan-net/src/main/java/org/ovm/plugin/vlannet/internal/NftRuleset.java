package org.ovm.plugin.vlannet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/**
 * The nftables ruleset that enforces a filtered {@link PortPolicy} inside a container's own network
 * namespace: table {@value #FAMILY} {@value #TABLE}, whose input chain drops what no ingress rule allows
 * (established and related traffic and loopback pass) and whose output chain passes everything, or, when
 * the policy has egress rules, only those, replies, loopback and DHCP. The text replaces the table in one
 * {@code nft -f} transaction: declaring the table first makes its deletion succeed when it did not exist.
 * Addresses are IPv4 (like the VLAN networks); a rule for everyone ({@code 0.0.0.0/0}) names no address.
 */
final class NftRuleset {

    static final String FAMILY = "inet";
    static final String TABLE = "ovm";

    private NftRuleset() {
    }

    /** The {@code nft -f} text that replaces the table with the policy's rules. */
    static String replace(PortPolicy policy) {
        List<String> input = new ArrayList<>();
        for (PortRule rule : policy.ingress()) {
            input.add(rule(rule, "saddr"));
        }
        List<String> output = new ArrayList<>();
        for (PortRule rule : policy.egress()) {
            output.add(rule(rule, "daddr"));
        }
        StringBuilder text = new StringBuilder();
        String table = "table " + FAMILY + " " + TABLE;
        text.append(table).append('\n').append("delete ").append(table).append('\n');
        text.append(table).append(" {\n");
        text.append("  chain input {\n");
        text.append("    type filter hook input priority filter; policy drop;\n");
        text.append("    ct state established,related accept\n");
        text.append("    iif \"lo\" accept\n");
        input.forEach(r -> text.append("    ").append(r).append('\n'));
        text.append("  }\n");
        text.append("  chain output {\n");
        if (output.isEmpty()) {
            text.append("    type filter hook output priority filter; policy accept;\n");
        } else {
            text.append("    type filter hook output priority filter; policy drop;\n");
            text.append("    ct state established,related accept\n");
            text.append("    oif \"lo\" accept\n");
            text.append("    udp sport 68 udp dport 67 accept\n");
            output.forEach(r -> text.append("    ").append(r).append('\n'));
        }
        text.append("  }\n");
        text.append("}\n");
        return text.toString();
    }

    /** The {@code nft -f} text that removes the table (it fails with "No such file" when there is none). */
    static String delete() {
        return "delete table " + FAMILY + " " + TABLE + "\n";
    }

    /**
     * One allow rule: protocol, peer addresses ({@code peerField}: {@code saddr} or {@code daddr}) and
     * destination ports.
     *
     * @throws org.ovm.spi.common.DriverException {@code INVALID_ARGUMENT} for a protocol, address or port
     *         range nftables cannot take
     */
    static String rule(PortRule rule, String peerField) {
        String protocol = rule.protocol().toLowerCase(Locale.ROOT);
        if (!List.of("tcp", "udp", "icmp", "any").contains(protocol)) {
            throw Ipv4.invalid("rule protocol " + rule.protocol() + " is not tcp, udp, icmp or any");
        }
        String peer = Ipv4.Cidr.parse(rule.remoteCidr()).match();
        List<String> parts = new ArrayList<>();
        if (peer != null) {
            parts.add("ip " + peerField + " " + peer);
        }
        if ((protocol.equals("tcp") || protocol.equals("udp")) && rule.portMin() > 0) {
            int max = rule.portMax() < rule.portMin() ? rule.portMin() : rule.portMax();
            if (rule.portMin() > 0xffff || max > 0xffff) {
                throw Ipv4.invalid("rule port range " + rule.portMin() + "-" + rule.portMax() + " is outside 1-65535");
            }
            parts.add(protocol + " dport " + (max == rule.portMin() ? Integer.toString(max) : rule.portMin() + "-" + max));
        } else if (protocol.equals("icmp")) {
            parts.add("ip protocol icmp");
        } else if (!protocol.equals("any")) {
            parts.add("meta l4proto " + protocol);
        } else if (peer == null) {
            parts.add("meta nfproto ipv4");
        }
        parts.add("accept");
        return String.join(" ", parts);
    }
}
