package org.ovm.plugin.vlannet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/**
 * The OpenFlow rules that enforce one NIC's {@link PortPolicy} on the Open vSwitch bridge, all with the
 * NIC's own cookie so they are replaced and removed together. The pipeline:
 * <ul>
 * <li>table 0: a managed NIC's port may send only DHCP requests, ARP for its own address and IP from its
 * own address (anti-spoofing; the rest is dropped); its IP goes to the egress table when it is filtered,
 * else to the ingress table. Packets from other ports (the DHCP server, uplinks) for a filtered NIC go to
 * the ingress table; everything else keeps the bridge's {@code NORMAL} rule.</li>
 * <li>table {@value #INGRESS} (ingress): for a filtered NIC, connection tracking in the VLAN's zone;
 * established and related pass, new connections pass when an ingress rule allows them, the rest is
 * dropped. Everything else: {@code NORMAL} (a bridge-wide rule, {@link #baseFlows()}).</li>
 * <li>table {@value #EGRESS} (egress, filtered NICs only): connections the NIC opens are committed to its
 * zone (so replies pass its ingress), limited by its egress rules when it has some.</li>
 * </ul>
 * The connection-tracking zone is the VLAN id: a packet between two filtered NICs is looked up once, on the
 * sender's egress, and the receiver's ingress rules judge that same state; a connection the sender commits
 * stays new for the receiver until the receiver answers, which its ingress rules decide.
 */
final class PortFlows {

    static final int INGRESS = 1;
    static final int EGRESS = 2;

    /** NIC cookies: {@code 0x4f56} ("OV") in the top 16 bits, the MAC in the low 48. */
    static final long NIC_COOKIE_PREFIX = 0x4f56L << 48;

    /** The cookie of the bridge-wide rules. */
    static final long BASE_COOKIE = 0x4f57L << 48;

    private PortFlows() {
    }

    static long cookie(String mac) {
        return NIC_COOKIE_PREFIX | Long.parseLong(mac.replace(":", ""), 16);
    }

    /** The rules every bridge with managed NICs needs: what no NIC rule matches in the ingress table passes. */
    static List<String> baseFlows() {
        return List.of("cookie=" + Ovs.hex(BASE_COOKIE) + ",table=" + INGRESS + ",priority=0,actions=NORMAL");
    }

    /**
     * The rules of one NIC plugged in at OpenFlow port {@code ofport}.
     *
     * @param zone the connection-tracking zone (the VLAN id; used when the policy is filtered)
     */
    static List<String> flows(PortPolicy policy, int ofport, int zone) {
        String mac = policy.mac().toLowerCase(Locale.ROOT);
        String ip = policy.ip();
        String head = "cookie=" + Ovs.hex(cookie(mac)) + ",table=";
        String port = "in_port=" + ofport;
        List<String> flows = new ArrayList<>();
        // anti-spoofing: what the NIC may send
        flows.add(head + "0,priority=110," + port + ",dl_src=" + mac + ",udp,nw_src=0.0.0.0,tp_src=68,tp_dst=67"
                + ",actions=NORMAL");
        flows.add(head + "0,priority=110," + port + ",dl_src=" + mac + ",udp,nw_src=" + ip + ",tp_src=68,tp_dst=67"
                + ",actions=NORMAL");
        flows.add(head + "0,priority=100," + port + ",dl_src=" + mac + ",arp,arp_spa=" + ip + ",arp_sha=" + mac
                + ",actions=NORMAL");
        flows.add(head + "0,priority=100," + port + ",dl_src=" + mac + ",ip,nw_src=" + ip + ",actions="
                + (policy.filtered() ? "ct(table=" + EGRESS + ",zone=" + zone + ")" : "resubmit(," + INGRESS + ")"));
        flows.add(head + "0,priority=90," + port + ",actions=drop");
        if (!policy.filtered()) {
            return flows;
        }
        String ct = "ct_zone=" + zone + ",ct_state=";
        String commit = "ct(commit,zone=" + zone + ")";
        // ingress: from other ports to the NIC
        flows.add(head + "0,priority=10,ip,dl_dst=" + mac + ",actions=resubmit(," + INGRESS + ")");
        String in = head + INGRESS + ",";
        flows.add(in + "priority=110,udp,dl_dst=" + mac + ",tp_src=67,tp_dst=68,actions=NORMAL");
        flows.add(in + "priority=100,ip,dl_dst=" + mac + "," + ct + "+trk+est,actions=NORMAL");
        flows.add(in + "priority=100,ip,dl_dst=" + mac + "," + ct + "+trk+rel,actions=NORMAL");
        for (PortRule rule : policy.ingress()) {
            for (String match : matches(rule, "nw_src")) {
                flows.add(in + "priority=100," + match + ",dl_dst=" + mac + "," + ct + "+trk+new,actions=" + commit
                        + ",NORMAL");
            }
        }
        flows.add(in + "priority=60,ip,dl_dst=" + mac + ",ct_zone=" + zone + ",actions=drop");
        flows.add(in + "priority=50,ip,dl_dst=" + mac + ",actions=ct(table=" + INGRESS + ",zone=" + zone + ")");
        // egress: connections the NIC opens
        String out = head + EGRESS + ",";
        String toIngress = "resubmit(," + INGRESS + ")";
        flows.add(out + "priority=100," + port + ",ip," + ct + "+trk+est,actions=" + toIngress);
        flows.add(out + "priority=100," + port + ",ip," + ct + "+trk+rel,actions=" + toIngress);
        if (policy.egress().isEmpty()) {
            flows.add(out + "priority=90," + port + ",ip," + ct + "+trk+new,actions=" + commit + "," + toIngress);
        } else {
            for (PortRule rule : policy.egress()) {
                for (String match : matches(rule, "nw_dst")) {
                    flows.add(out + "priority=90," + port + "," + match + "," + ct + "+trk+new,actions=" + commit + ","
                            + toIngress);
                }
            }
        }
        flows.add(out + "priority=50," + port + ",actions=drop");
        return flows;
    }

    /** The matches of one rule: protocol, peer addresses ({@code peerField}) and destination ports. */
    static List<String> matches(PortRule rule, String peerField) {
        String protocol = rule.protocol().toLowerCase(Locale.ROOT);
        String base = switch (protocol) {
            case "tcp", "udp", "icmp" -> protocol;
            case "any" -> "ip";
            default -> throw Ipv4.invalid("rule protocol " + rule.protocol() + " is not tcp, udp, icmp or any");
        };
        String peer = Ipv4.Cidr.parse(rule.remoteCidr()).match();
        if (peer != null) {
            base += "," + peerField + "=" + peer;
        }
        List<String> matches = new ArrayList<>();
        if ((protocol.equals("tcp") || protocol.equals("udp")) && rule.portMin() > 0) {
            int max = rule.portMax() < rule.portMin() ? rule.portMin() : rule.portMax();
            if (rule.portMin() > 0xffff || max > 0xffff) {
                throw Ipv4.invalid("rule port range " + rule.portMin() + "-" + rule.portMax() + " is outside 1-65535");
            }
            for (String ports : portMasks(rule.portMin(), max)) {
                matches.add(base + ",tp_dst=" + ports);
            }
        } else {
            matches.add(base);
        }
        return matches;
    }

    /** A port range as the fewest value/mask matches ({@code 22}, {@code 0x0400/0xfc00}, ...). */
    static List<String> portMasks(int min, int max) {
        List<String> masks = new ArrayList<>();
        int from = min;
        while (from <= max) {
            int step = from == 0 ? 0x10000 : from & -from;
            while (from + step - 1 > max) {
                step >>= 1;
            }
            masks.add(step == 1 ? Integer.toString(from)
                    : String.format("0x%04x/0x%04x", from, 0xffff & ~(step - 1)));
            from += step;
        }
        return masks;
    }
}
