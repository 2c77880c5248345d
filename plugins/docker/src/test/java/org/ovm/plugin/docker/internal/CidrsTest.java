package org.ovm.plugin.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidrsTest {

    @Test
    void overlapsAndDisjoint() {
        assertThat(Cidrs.overlap("10.88.0.0/24", "10.88.0.0/24")).isTrue();
        assertThat(Cidrs.overlap("10.88.0.0/16", "10.88.7.0/24")).isTrue();
        assertThat(Cidrs.overlap("10.88.7.0/24", "10.88.0.0/16")).isTrue();
        assertThat(Cidrs.overlap("10.88.0.0/24", "10.88.1.0/24")).isFalse();
        assertThat(Cidrs.overlap("172.17.0.0/16", "10.88.0.0/24")).isFalse();
        assertThat(Cidrs.overlap("0.0.0.0/0", "192.168.1.0/24")).isTrue();
        assertThat(Cidrs.overlap("10.88.0.5/24", "10.88.0.0/24")).as("host bits ignored").isTrue();
    }

    @Test
    void notIpv4IsNeverAnOverlap() {
        assertThat(Cidrs.overlap("fd00::/64", "10.88.0.0/24")).isFalse();
        assertThat(Cidrs.overlap("10.88.0.0", "10.88.0.0/24")).isFalse();
        assertThat(Cidrs.overlap("10.88.0.300/24", "10.88.0.0/24")).isFalse();
        assertThat(Cidrs.overlap("10.88.0.0/33", "10.88.0.0/24")).isFalse();
    }
}
