package org.ovm.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ovm.core.console.ConsoleTarget;

/** Review F15: consoles close when their instance or their user is deleted. */
class OpenConsolesTest {

    private static ConsoleTarget target(String instanceId, String userId) {
        return new ConsoleTarget(instanceId, "someone", "vdc-b", "vnc", "127.0.0.1", 5900, null, userId);
    }

    @Test
    void aDeletedInstanceOrUserEndsItsConsolesOnly() {
        OpenConsoles<String> open = new OpenConsoles<>();
        open.add("s1", "vm1 by alice", target("i1", "u-alice"));
        open.add("s2", "vm1 by bob", target("i1", "u-bob"));
        open.add("s3", "vm2 by alice", target("i2", "u-alice"));
        open.add("s4", "vm2 by the engine", target("i2", null));

        assertThat(open.endedBy("instance/deleted", "i1")).containsExactlyInAnyOrder("vm1 by alice", "vm1 by bob");
        assertThat(open.endedBy("user/deleted", "u-alice")).containsExactlyInAnyOrder("vm1 by alice",
                "vm2 by alice");
        assertThat(open.endedBy("instance/created", "i1")).isEmpty();
        assertThat(open.endedBy("user/deleted", null)).isEmpty();

        open.remove("s1");
        assertThat(open.endedBy("instance/deleted", "i1")).containsExactly("vm1 by bob");
        assertThat(open.size()).isEqualTo(3);
    }
}
