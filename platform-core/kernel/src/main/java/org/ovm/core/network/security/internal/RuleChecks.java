package org.ovm.core.network.security.internal;

import java.util.Set;

import org.ovm.core.OvmException;
import org.ovm.core.network.internal.Ipv4;
import org.ovm.core.network.security.SecurityGroupRuleRequest;

/**
 * Checks a rule before it is stored: 400 naming the field for anything wrong. A checked rule has
 * ports only for tcp/udp (both null meaning every port), and exactly one of a remote CIDR (in its
 * canonical form) and a remote group id.
 */
final class RuleChecks {

    static final String INGRESS = "ingress";
    static final String EGRESS = "egress";
    static final String ANYWHERE = "0.0.0.0/0";
    private static final Set<String> DIRECTIONS = Set.of(INGRESS, EGRESS);
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "icmp", "any");
    private static final Set<String> WITH_PORTS = Set.of("tcp", "udp");

    private RuleChecks() {
    }

    /** A rule as stored: null ports for every port, a null CIDR when a remote group is named. */
    record Checked(String direction, String protocol, Integer portMin, Integer portMax, String remoteCidr,
            String remoteGroupId) {
    }

    static Checked check(SecurityGroupRuleRequest rule) {
        if (rule == null) {
            throw OvmException.invalid(null, "a JSON body with direction and protocol is required");
        }
        if (rule.direction() == null || !DIRECTIONS.contains(rule.direction())) {
            throw OvmException.invalid("direction", "direction must be ingress (traffic to the group's NICs) or "
                    + "egress (traffic from them), got " + rule.direction());
        }
        if (rule.protocol() == null || !PROTOCOLS.contains(rule.protocol())) {
            throw OvmException.invalid("protocol", "protocol must be tcp, udp, icmp or any, got " + rule.protocol());
        }
        Integer min = rule.portMin();
        Integer max = rule.portMax();
        if (!WITH_PORTS.contains(rule.protocol())) {
            if (min != null || max != null) {
                throw OvmException.invalid(min != null ? "portMin" : "portMax", "ports apply to tcp and udp only, "
                        + "not to " + rule.protocol());
            }
        } else {
            port("portMin", min);
            port("portMax", max);
            if (min == null && max != null) {
                min = max;
            } else if (max == null && min != null) {
                max = min;
            }
            if (min != null && min > max) {
                throw OvmException.invalid("portMax", "portMax " + max + " is below portMin " + min);
            }
        }
        String cidr = rule.remoteCidr();
        String group = rule.remoteGroupId();
        if (cidr != null && group != null) {
            throw OvmException.invalid("remoteGroupId", "give remoteCidr or remoteGroupId, not both");
        }
        if (group != null && group.isBlank()) {
            throw OvmException.invalid("remoteGroupId", "remoteGroupId must not be empty");
        }
        return new Checked(rule.direction(), rule.protocol(), min, max,
                group != null ? null : cidr == null ? ANYWHERE : cidr("remoteCidr", cidr), group);
    }

    private static void port(String field, Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw OvmException.invalid(field, field + " must be between 1 and 65535, got " + port);
        }
    }

    /** {@code a.b.c.d/n} with 0 <= n <= 32 and no host bits set; the error names {@code field}. */
    static String cidr(String field, String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("[0-9]{1,2}")) {
            throw OvmException.invalid(field, field + " must be an IPv4 CIDR like 10.0.0.0/24 (one address: "
                    + "10.0.0.5/32), got " + text);
        }
        long address = Ipv4.parse(field, parts[0]);
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > 32) {
            throw OvmException.invalid(field, field + " prefix must be between /0 and /32, got /" + prefix);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & mask) != address) {
            throw OvmException.invalid(field, field + " " + text + " has host bits set; did you mean "
                    + Ipv4.format(address & mask) + "/" + prefix + "?");
        }
        return Ipv4.format(address) + "/" + prefix;
    }
}
