package org.ovm.rest.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Role;
import org.ovm.spi.engine.EngineEvent;

class EventStreamTest {

    private static EngineEvent event(String topic, String vdcId) {
        return new EngineEvent("e1", Instant.EPOCH, topic, "r1", "alice", "say \"hi\"\n",
                vdcId == null ? Map.of() : Map.of("vdcId", vdcId));
    }

    @Test
    void eachStreamGetsOnlyWhatItsCallerMaySee() {
        EventStream stream = new EventStream();
        List<String> woken = new ArrayList<>();
        var admin = stream.subscribe(Caller.SYSTEM, () -> woken.add("admin"));
        var alice = stream.subscribe(new Caller("alice", Role.USER, "vdc-a"), () -> woken.add("alice"));
        var bob = stream.subscribe(new Caller("bob", Role.USER, "vdc-b"), () -> woken.add("bob"));
        stream.onEvent(event("instance/created", "vdc-a"));
        stream.onEvent(event("host/state", null));
        assertThat(woken).as("each writer is woken for what was queued for it")
                .containsExactlyInAnyOrder("admin", "alice", "admin");
        assertThat(admin.queue()).hasSize(2);
        assertThat(alice.queue()).extracting(EngineEvent::topic).containsExactly("instance/created");
        assertThat(bob.queue()).isEmpty();
        stream.unsubscribe(bob);
        assertThat(stream.subscribers()).isEqualTo(2);
    }

    @Test
    void aSlowStreamKeepsTheNewestEvents() {
        EventStream stream = new EventStream();
        var admin = stream.subscribe(Caller.SYSTEM, () -> { });
        for (int i = 0; i < EventStream.BACKLOG + 10; i++) {
            stream.onEvent(new EngineEvent("e" + i, Instant.EPOCH, "t", null, null, "m", Map.of()));
        }
        assertThat(admin.queue()).hasSize(EventStream.BACKLOG);
        assertThat(admin.queue().peek().id()).isEqualTo("e10");
    }

    @Test
    void messagesAreOneSseEventWithEscapedJson() {
        assertThat(EventStream.format(event("instance/created", "vdc-a"))).isEqualTo("event: instance/created\n"
                + "data: " + EventStream.json(Map.of("id", "e1", "topic", "instance/created", "resourceId", "r1",
                        "message", "say \"hi\"\n")) + "\n\n");
        assertThat(EventStream.json(Map.of("m", "a\"b\\c\n"))).isEqualTo("{\"m\":\"a\\\"b\\\\c\\n\"}");
    }
}
