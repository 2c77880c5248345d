package org.ovm.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventPublisherTest {

    @Test
    void topicsArePrefixes() {
        assertThat(EventPublisher.matches(null, "instance/created")).isTrue();
        assertThat(EventPublisher.matches("instance/", "instance/created")).isTrue();
        assertThat(EventPublisher.matches(new String[] {"host/", "task/"}, "task/failed")).isTrue();
        assertThat(EventPublisher.matches(List.of("host/"), "instance/created")).isFalse();
    }
}
