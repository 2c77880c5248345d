package org.ovm.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;

class EventQueryTest {

    @Test
    void boundsAreInstantsOrDates() {
        EventQuery query = EventQuery.parse("2026-12-01", "2026-12-02T08:30:00Z", " user/ ");
        assertThat(query.since()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(query.until()).isEqualTo(Instant.parse("2026-12-02T08:30:00Z"));
        assertThat(query.topic()).isEqualTo("user/");
        assertThat(EventQuery.parse(null, "", " ")).isEqualTo(EventQuery.ALL);
    }

    @Test
    void aBadBoundNamesItsField() {
        assertThatThrownBy(() -> EventQuery.parse(null, "yesterday", null))
                .isInstanceOfSatisfying(OvmException.class, e -> assertThat(e.field()).isEqualTo("until"));
    }
}
