package org.ovm.core.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ovm.core.OvmException;

class Ipv4Test {

    @ParameterizedTest
    @CsvSource({"10.10.0.0/24, 10.10.0.1, 10.10.0.254", "192.168.4.0/30, 192.168.4.1, 192.168.4.2",
            "172.16.0.0/12, 172.16.0.1, 172.31.255.254"})
    void subnetsKnowTheirHostAddresses(String cidr, String first, String last) {
        Ipv4.Subnet subnet = Ipv4.subnet("cidr", cidr);
        assertThat(Ipv4.format(subnet.firstHost())).isEqualTo(first);
        assertThat(Ipv4.format(subnet.lastHost())).isEqualTo(last);
        assertThat(subnet.hosts(subnet.network())).isFalse();
        assertThat(subnet.hosts(subnet.broadcast())).isFalse();
        assertThat(subnet).hasToString(cidr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.10.0.1/24|has host bits set; did you mean 10.10.0.0/24?",
            "10.10.0.0/31|prefix must be between /8 and /30", "10.10.0.0|must be an IPv4 subnet",
            "10.10.0.256/24|must be an IPv4 address", "10.10..0/24|must be an IPv4 address"})
    void badSubnetsSayWhatIsWrong(String cidr, String message) {
        assertThatThrownBy(() -> Ipv4.subnet("cidr", cidr)).isInstanceOf(OvmException.class)
                .hasMessageContaining(message);
    }
}
