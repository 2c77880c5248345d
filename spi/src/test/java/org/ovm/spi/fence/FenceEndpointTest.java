package org.ovm.spi.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FenceEndpointTest {

    @Test
    void toStringNeverPrintsThePassword() {
        FenceEndpoint endpoint = new FenceEndpoint("h1", "10.0.0.5", 623, "admin", "s3cr3t-pw",
                Map.of("interface", "lanplus"));
        assertThat(endpoint.toString()).doesNotContain("s3cr3t-pw").contains("10.0.0.5", "admin", "lanplus");
    }

    @Test
    void refusesBadPortsAndBlankAddresses() {
        assertThatThrownBy(() -> new FenceEndpoint("h1", "bmc", 70000, "u", "p", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new FenceEndpoint("h1", " ", 623, "u", "p", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThat(new FenceEndpoint("h1", "bmc", 0, null, null, null).settings()).isEmpty();
    }
}
