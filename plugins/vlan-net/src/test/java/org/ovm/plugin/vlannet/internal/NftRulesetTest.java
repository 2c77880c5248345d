package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

/** The nftables text of a container's security groups. */
class NftRulesetTest {

    private static PortPolicy policy(List<PortRule> ingress, List<PortRule> egress) {
        return new PortPolicy("02:42:ac:00:00:07", "10.100.0.7", true, ingress, egress);
    }

    @Test
    void ingressRulesOpenPortsEverythingElseIsDroppedOutboundIsOpen() {
        String text = NftRuleset.replace(policy(List.of(new PortRule("tcp", 22, 22, "0.0.0.0/0"),
                new PortRule("udp", 5000, 5010, "10.100.0.0/24"), new PortRule("icmp", 0, 0, "10.100.0.250/32"),
                new PortRule("any", 0, 0, "192.168.0.0/16")), List.of()));
        assertThat(text).isEqualTo("""
                table inet ovm
                delete table inet ovm
                table inet ovm {
                  chain input {
                    type filter hook input priority filter; policy drop;
                    ct state established,related accept
                    iif "lo" accept
                    tcp dport 22 accept
                    ip saddr 10.100.0.0/24 udp dport 5000-5010 accept
                    ip saddr 10.100.0.250 ip protocol icmp accept
                    ip saddr 192.168.0.0/16 accept
                  }
                  chain output {
                    type filter hook output priority filter; policy accept;
                  }
                }
                """);
    }

    @Test
    void egressRulesLimitWhatLeavesButRepliesLoopbackAndDhcpPass() {
        String text = NftRuleset.replace(policy(List.of(), List.of(new PortRule("tcp", 443, 0, "10.0.0.0/8"),
                new PortRule("udp", 0, 0, "0.0.0.0/0"), new PortRule("any", 0, 0, "0.0.0.0/0"))));
        assertThat(text).contains("""
                  chain input {
                    type filter hook input priority filter; policy drop;
                    ct state established,related accept
                    iif "lo" accept
                  }
                  chain output {
                    type filter hook output priority filter; policy drop;
                    ct state established,related accept
                    oif "lo" accept
                    udp sport 68 udp dport 67 accept
                    ip daddr 10.0.0.0/8 tcp dport 443 accept
                    meta l4proto udp accept
                    meta nfproto ipv4 accept
                  }
                """);
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> NftRuleset.rule(new PortRule("sctp", 1, 1, "0.0.0.0/0"), "saddr"))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.getMessage()).contains("sctp");
                });
        assertThatThrownBy(() -> NftRuleset.rule(new PortRule("tcp", 1, 70000, "0.0.0.0/0"), "saddr"))
                .hasMessageContaining("1-70000");
        assertThatThrownBy(() -> NftRuleset.rule(new PortRule("tcp", 22, 22, "10.0.0.300/8"), "saddr"))
                .isInstanceOf(DriverException.class);
        assertThat(NftRuleset.delete()).isEqualTo("delete table inet ovm\n");
    }
}
