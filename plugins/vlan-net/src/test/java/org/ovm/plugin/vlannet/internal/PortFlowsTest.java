package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortRule;

class PortFlowsTest {

    private static final String MAC = "52:54:00:12:34:56";

    @Test
    void theCookieCarriesTheMac() {
        assertThat(PortFlows.cookie(MAC)).isEqualTo(0x4f56525400123456L);
        assertThat(Ovs.hex(PortFlows.cookie(MAC))).isEqualTo("0x4f56525400123456");
    }

    @Test
    void anUnfilteredNicIsOnlyKeptFromSpoofing() {
        List<String> flows = PortFlows.flows(new PortPolicy(MAC, "10.100.0.10", false, List.of(), List.of()), 7, 100);
        assertThat(flows).containsExactly(
                "cookie=0x4f56525400123456,table=0,priority=110,in_port=7,dl_src=52:54:00:12:34:56,udp,nw_src=0.0.0.0,"
                        + "tp_src=68,tp_dst=67,actions=NORMAL",
                "cookie=0x4f56525400123456,table=0,priority=110,in_port=7,dl_src=52:54:00:12:34:56,udp,"
                        + "nw_src=10.100.0.10,tp_src=68,tp_dst=67,actions=NORMAL",
                "cookie=0x4f56525400123456,table=0,priority=100,in_port=7,dl_src=52:54:00:12:34:56,arp,"
                        + "arp_spa=10.100.0.10,arp_sha=52:54:00:12:34:56,actions=NORMAL",
                "cookie=0x4f56525400123456,table=0,priority=100,in_port=7,dl_src=52:54:00:12:34:56,ip,"
                        + "nw_src=10.100.0.10,actions=resubmit(,1)",
                "cookie=0x4f56525400123456,table=0,priority=90,in_port=7,actions=drop");
    }

    @Test
    void aFilteredNicTracksConnectionsInTheVlansZone() {
        PortPolicy policy = new PortPolicy(MAC.toUpperCase(), "10.100.0.10", true,
                List.of(new PortRule("tcp", 22, 22, "0.0.0.0/0"), new PortRule("icmp", 0, 0, "10.100.0.0/24")),
                List.of());
        List<String> flows = PortFlows.flows(policy, 3, 100);
        assertThat(flows).allMatch(f -> f.startsWith("cookie=0x4f56525400123456,table="));
        assertThat(flows).contains(
                "cookie=0x4f56525400123456,table=0,priority=100,in_port=3,dl_src=52:54:00:12:34:56,ip,"
                        + "nw_src=10.100.0.10,actions=ct(table=2,zone=100)",
                "cookie=0x4f56525400123456,table=0,priority=10,ip,dl_dst=52:54:00:12:34:56,actions=resubmit(,1)",
                "cookie=0x4f56525400123456,table=1,priority=110,udp,dl_dst=52:54:00:12:34:56,tp_src=67,tp_dst=68,"
                        + "actions=NORMAL",
                "cookie=0x4f56525400123456,table=1,priority=100,ip,dl_dst=52:54:00:12:34:56,ct_zone=100,"
                        + "ct_state=+trk+est,actions=NORMAL",
                "cookie=0x4f56525400123456,table=1,priority=100,tcp,tp_dst=22,dl_dst=52:54:00:12:34:56,ct_zone=100,"
                        + "ct_state=+trk+new,actions=ct(commit,zone=100),NORMAL",
                "cookie=0x4f56525400123456,table=1,priority=100,icmp,nw_src=10.100.0.0/24,dl_dst=52:54:00:12:34:56,"
                        + "ct_zone=100,ct_state=+trk+new,actions=ct(commit,zone=100),NORMAL",
                "cookie=0x4f56525400123456,table=1,priority=60,ip,dl_dst=52:54:00:12:34:56,ct_zone=100,actions=drop",
                "cookie=0x4f56525400123456,table=1,priority=50,ip,dl_dst=52:54:00:12:34:56,"
                        + "actions=ct(table=1,zone=100)",
                "cookie=0x4f56525400123456,table=2,priority=90,in_port=3,ip,ct_zone=100,ct_state=+trk+new,"
                        + "actions=ct(commit,zone=100),resubmit(,1)",
                "cookie=0x4f56525400123456,table=2,priority=50,in_port=3,actions=drop");
    }

    @Test
    void egressRulesLimitWhatTheNicOpens() {
        PortPolicy policy = new PortPolicy(MAC, "10.100.0.10", true, List.of(),
                List.of(new PortRule("udp", 53, 53, "10.0.0.53/32")));
        List<String> flows = PortFlows.flows(policy, 3, 100);
        assertThat(flows).contains("cookie=0x4f56525400123456,table=2,priority=90,in_port=3,udp,nw_dst=10.0.0.53,"
                + "tp_dst=53,ct_zone=100,ct_state=+trk+new,actions=ct(commit,zone=100),resubmit(,1)");
        assertThat(flows).noneMatch(f -> f.contains("table=2,priority=90,in_port=3,ip,"));
    }

    @Test
    void portRangesBecomeMaskedMatches() {
        assertThat(PortFlows.portMasks(22, 22)).containsExactly("22");
        assertThat(PortFlows.portMasks(1024, 2047)).containsExactly("0x0400/0xfc00");
        assertThat(PortFlows.portMasks(80, 83)).containsExactly("0x0050/0xfffc");
        assertThat(PortFlows.portMasks(8000, 8002)).containsExactly("0x1f40/0xfffe", "8002");
        assertThat(PortFlows.portMasks(1, 65535)).hasSize(16).startsWith("1").endsWith("0x8000/0x8000");
        PortRule any = new PortRule("any", 22, 80, "0.0.0.0/0");
        assertThat(PortFlows.matches(any, "nw_src")).containsExactly("ip");
        assertThat(PortFlows.matches(new PortRule("tcp", 22, 0, "192.168.1.7/32"), "nw_src"))
                .containsExactly("tcp,nw_src=192.168.1.7,tp_dst=22");
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> PortFlows.matches(new PortRule("sctp", 0, 0, "0.0.0.0/0"), "nw_src"))
                .isInstanceOf(DriverException.class).hasMessageContaining("sctp is not tcp, udp, icmp or any");
        assertThatThrownBy(() -> PortFlows.matches(new PortRule("tcp", 1, 70000, "0.0.0.0/0"), "nw_src"))
                .hasMessageContaining("outside 1-65535");
        assertThatThrownBy(() -> PortFlows.matches(new PortRule("tcp", 1, 2, "10.0.0.0/33"), "nw_src"))
                .hasMessageContaining("prefix length outside 0..32");
    }
}
