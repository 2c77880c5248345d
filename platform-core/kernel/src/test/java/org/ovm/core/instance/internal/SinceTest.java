package org.ovm.core.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;

class SinceTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void agesEpochSecondsAndInstants() {
        assertThat(Since.parse(null, NOW)).isNull();
        assertThat(Since.parse(" ", NOW)).isNull();
        assertThat(Since.parse("30s", NOW)).isEqualTo(Instant.parse("2026-12-06T11:59:30Z"));
        assertThat(Since.parse("10m", NOW)).isEqualTo(Instant.parse("2026-12-06T11:50:00Z"));
        assertThat(Since.parse("2h", NOW)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(Since.parse("1d", NOW)).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
        assertThat(Since.parse("1765000000", NOW)).isEqualTo(Instant.ofEpochSecond(1765000000));
        assertThat(Since.parse("2026-12-06T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void anythingElseIsA400NamingSince() {
        for (String bad : new String[] {"yesterday", "10x", "-5", "2026-12-06"}) {
            assertThatThrownBy(() -> Since.parse(bad, NOW)).isInstanceOfSatisfying(OvmException.class,
                    e -> assertThat(e.field()).isEqualTo("since"));
        }
    }
}
