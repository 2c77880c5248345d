package org.ovm.plugin.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;

/** The macvlan parent a host's setting gives for a VLAN. */
class MacvlanNetworksTest {

    private static HostEndpoint host(Map<String, String> settings) {
        return new HostEndpoint("h", "unix:///run/docker.sock", null, null, settings);
    }

    @Test
    void theTemplateGetsTheVlanId() {
        assertThat(MacvlanNetworks.parent(host(Map.of()), 100)).isEqualTo("eth0.100");
        assertThat(MacvlanNetworks.parent(host(Map.of("macvlanParent", " ")), 7)).isEqualTo("eth0.7");
        assertThat(MacvlanNetworks.parent(host(Map.of("macvlanParent", "bond1.{vlan}")), 4094)).isEqualTo("bond1.4094");
        assertThat(MacvlanNetworks.parent(host(Map.of("macvlanParent", "vlan{vlan}")), 200)).isEqualTo("vlan200");
        assertThat(MacvlanNetworks.parent(host(Map.of("macvlanParent", "trunk0")), 200)).as("one parent for all")
                .isEqualTo("trunk0");
    }

    @Test
    void notAnInterfaceNameOrNotAVlanIsInvalid() {
        assertThatThrownBy(() -> MacvlanNetworks.parent(host(Map.of("macvlanParent", "a very long name.{vlan}")), 100))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.getMessage()).contains("macvlanParent", "'a very long name.100'");
                });
        assertThatThrownBy(() -> MacvlanNetworks.parent(host(Map.of("macvlanParent", "../x{vlan}")), 100))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        assertThatThrownBy(() -> MacvlanNetworks.parent(host(Map.of()), 0))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        assertThatThrownBy(() -> MacvlanNetworks.parent(host(Map.of()), 4095))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
    }
}
