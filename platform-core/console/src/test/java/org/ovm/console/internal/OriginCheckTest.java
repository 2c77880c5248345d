package org.ovm.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Review F15: a console websocket opened from another site's page is refused. */
class OriginCheckTest {

    @Test
    void theEnginesOwnPagesMayOpenConsoles() {
        assertThat(OriginCheck.allowed("http://localhost:8181", "localhost:8181")).isTrue();
        assertThat(OriginCheck.allowed("http://OVM.example:8181", "ovm.example:8181")).isTrue();
        assertThat(OriginCheck.allowed("https://ovm.example", "ovm.example")).isTrue();
        assertThat(OriginCheck.allowed("https://ovm.example", "ovm.example:443")).isTrue();
        assertThat(OriginCheck.allowed("http://[::1]:8181", "[::1]:8181")).isTrue();
    }

    @Test
    void clientsWithoutAnOriginAreLeftToTheTicket() {
        assertThat(OriginCheck.allowed(null, "localhost:8181")).isTrue();
        assertThat(OriginCheck.allowed(null, null)).isTrue();
    }

    @Test
    void anyOtherOriginIsRefused() {
        assertThat(OriginCheck.allowed("http://evil.example", "localhost:8181")).isFalse();
        assertThat(OriginCheck.allowed("http://localhost:8182", "localhost:8181")).isFalse();
        assertThat(OriginCheck.allowed("http://localhost", "localhost:8181")).isFalse();
        assertThat(OriginCheck.allowed("http://localhost.evil.example:8181", "localhost:8181")).isFalse();
        assertThat(OriginCheck.allowed("null", "localhost:8181")).isFalse();
        assertThat(OriginCheck.allowed("file://", "localhost:8181")).isFalse();
        assertThat(OriginCheck.allowed("http://localhost:8181", null)).isFalse();
        assertThat(OriginCheck.allowed("ht tp://x", "x")).isFalse();
    }
}
