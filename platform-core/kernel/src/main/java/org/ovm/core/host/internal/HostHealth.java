package org.ovm.core.host.internal;

import org.ovm.core.host.HostState;

/**
 * The host monitor's rule, as a pure decision: one missed probe of an {@code UP} host makes it
 * {@code SUSPECT}, a second consecutive miss {@code DOWN} ({@code NON_RESPONSIVE} when HA instances
 * wait to restart elsewhere); a good probe makes it {@code UP} at once unless it was {@code DOWN} or
 * {@code NON_RESPONSIVE}: those need {@value #RECOVERY_PROBES} good probes in a row (flapping is
 * damped: a host that drops every other probe stays down).
 */
public final class HostHealth {

    /** Good probes in a row a DOWN or NON_RESPONSIVE host needs to be UP again. */
    public static final int RECOVERY_PROBES = 2;

    /**
     * The state after a probe, and how many good probes in a row the host has now.
     *
     * @param state      the state to record
     * @param goodStreak good probes in a row so far (counts only while the host recovers)
     */
    public record Verdict(HostState state, int goodStreak) {
    }

    private HostHealth() {
    }

    /**
     * Decides the next state.
     *
     * @param current    the host's state now
     * @param goodStreak good probes in a row before this one
     * @param answered   whether this probe answered
     * @param haWaiting  whether HA instances on the host wait to restart elsewhere
     */
    public static Verdict next(HostState current, int goodStreak, boolean answered, boolean haWaiting) {
        boolean down = current == HostState.DOWN || current == HostState.NON_RESPONSIVE;
        if (answered) {
            if (!down) {
                return new Verdict(HostState.UP, 0);
            }
            int streak = goodStreak + 1;
            return streak >= RECOVERY_PROBES ? new Verdict(HostState.UP, 0) : new Verdict(current, streak);
        }
        if (current == HostState.UP) {
            return new Verdict(HostState.SUSPECT, 0);
        }
        return new Verdict(haWaiting ? HostState.NON_RESPONSIVE : HostState.DOWN, 0);
    }
}
