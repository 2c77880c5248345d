package org.ovm.core.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.core.host.HostState.DOWN;
import static org.ovm.core.host.HostState.SUSPECT;
import static org.ovm.core.host.HostState.UP;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ovm.core.host.HostState;

/** The monitor's rule, table-driven: two misses to DOWN, two good probes back from DOWN. */
class HostHealthTest {

    @ParameterizedTest(name = "{0} (streak {1}), answered={2}, haWaiting={3} -> {4} (streak {5})")
    @CsvSource({
            "UP,             0, true,  false, UP,             0",
            "UP,             0, false, false, SUSPECT,        0",
            "UP,             0, false, true,  SUSPECT,        0",
            "SUSPECT,        0, true,  false, UP,             0",
            "SUSPECT,        0, false, false, DOWN,           0",
            "SUSPECT,        0, false, true,  NON_RESPONSIVE, 0",
            "DOWN,           0, false, false, DOWN,           0",
            "DOWN,           0, false, true,  NON_RESPONSIVE, 0",
            "NON_RESPONSIVE, 0, false, false, DOWN,           0",
            "NON_RESPONSIVE, 0, false, true,  NON_RESPONSIVE, 0",
            "DOWN,           0, true,  false, DOWN,           1",
            "DOWN,           1, true,  false, UP,             0",
            "NON_RESPONSIVE, 0, true,  true,  NON_RESPONSIVE, 1",
            "NON_RESPONSIVE, 1, true,  true,  UP,             0",
            "ERROR,          0, true,  false, UP,             0",
            "ERROR,          0, false, false, DOWN,           0"})
    void decides(HostState current, int streak, boolean answered, boolean haWaiting, HostState next, int nextStreak) {
        assertThat(HostHealth.next(current, streak, answered, haWaiting))
                .isEqualTo(new HostHealth.Verdict(next, nextStreak));
    }

    @Test
    void aHostThatDropsEveryOtherProbeStaysDown() {
        HostState state = UP;
        int streak = 0;
        List<HostState> seen = new ArrayList<>();
        for (int probe = 0; probe < 8; probe++) {
            // miss, miss, then good, miss, good, miss...
            boolean answered = probe >= 2 && probe % 2 == 0;
            HostHealth.Verdict verdict = HostHealth.next(state, streak, answered, false);
            state = verdict.state();
            streak = verdict.goodStreak();
            seen.add(state);
        }
        assertThat(seen).containsExactly(SUSPECT, DOWN, DOWN, DOWN, DOWN, DOWN, DOWN, DOWN);
        assertThat(HostHealth.next(HostHealth.next(DOWN, 0, true, false).state(), 1, true, false).state())
                .as("two good probes in a row").isEqualTo(UP);
    }
}
