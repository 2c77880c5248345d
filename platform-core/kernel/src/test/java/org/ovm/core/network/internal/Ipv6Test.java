package org.ovm.core.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ovm.core.OvmException;

class Ipv6Test {

    @ParameterizedTest
    @CsvSource({"2001:db8::/48, 2001:db8::/48", "2001:DB8:0:0:0:0:0:0/64, 2001:db8::/64",
            "2001:0db8:0010:0000::/64, 2001:db8:10::/64", "fd00:1:2:3::/64, fd00:1:2:3::/64",
            "2001:db8::1/128, 2001:db8::1/128", "2001:db8:0:1:0:0:0:0/64, 2001:db8:0:1::/64",
            "::ffff:10.0.0.0/120, ::ffff:a00:0/120", "1:0:0:2:0:0:0:0/64, 1:0:0:2::/64"})
    void canonicalForm(String given, String expected) {
        assertThat(Ipv6.prefix("ipv6Cidr", given)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::", "2001:db8::/47", "2001:db8::/129", "2001:db8::/x", "10.0.0.0/24",
            "2001:db8:::/64", "2001:db8::1::/64", "1:2:3:4:5:6:7:8:9/64", "1:2:3:4:5:6:7/64", "12345::/64",
            "g::/64", "example.com/64", ":1::/64", "/64", "2001:db8::/064x"})
    void refusesWhatIsNoPrefixOrTooWide(String given) {
        assertThatThrownBy(() -> Ipv6.prefix("ipv6Cidr", given)).isInstanceOf(OvmException.class)
                .hasMessageContaining("ipv6Cidr").extracting(e -> ((OvmException) e).field()).isEqualTo("ipv6Cidr");
    }

    @ParameterizedTest
    @CsvSource({"2001:db8::1/64, 2001:db8::/64", "2001:db8:1:ff::/56, 2001:db8:1::/56"})
    void hostBitsSuggestTheNetwork(String given, String suggestion) {
        assertThatThrownBy(() -> Ipv6.prefix("ipv6Cidr", given)).hasMessageContaining("host bits set")
                .hasMessageContaining("did you mean " + suggestion);
    }
}
