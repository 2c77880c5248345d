package org.ovm.core.host;

import org.ovm.core.balance.BalancingSettings;

/**
 * What a client sends to change a cluster; omitted fields keep their value (also inside {@code balancing}). New
 * overcommit ratios apply to the cluster's hosts at once and to every later claim; what is already placed
 * stays where it is even if a lower ratio leaves a host over its new limit.
 */
public record ClusterUpdate(Double cpuOvercommit, Double memoryOvercommit, String placementPolicy,
        BalancingSettings balancing) {

    public ClusterUpdate(Double cpuOvercommit, Double memoryOvercommit, String placementPolicy) {
        this(cpuOvercommit, memoryOvercommit, placementPolicy, null);
    }
}
