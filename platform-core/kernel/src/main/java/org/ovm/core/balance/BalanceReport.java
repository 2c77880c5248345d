package org.ovm.core.balance;

import java.util.List;

/**
 * What a balancing run proposed or did.
 *
 * @param clusterId          the cluster
 * @param policy             its policy when the run began
 * @param dryRun             true: proposals only, nothing moved
 * @param hosts              each UP host's measured load
 * @param moves              the proposed (dry run) or started moves, with their reasons
 * @param notes              why it moved nothing, or what it left alone and why
 * @param powerOffCandidates the hosts (ids) left with nothing running under {@code POWER_SAVING} once the moves are
 *                           done
 */
public record BalanceReport(String clusterId, String policy, boolean dryRun, List<HostLoad> hosts,
        List<BalanceMove> moves, List<String> notes, List<String> powerOffCandidates) {

    /** A host's load: CPU (averaged over the window) and memory (allocated to what runs there), in percent. */
    public record HostLoad(String hostId, String name, int cpuPercent, int memoryPercent, int instances) {
    }
}
