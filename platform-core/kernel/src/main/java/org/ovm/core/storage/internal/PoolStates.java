package org.ovm.core.storage.internal;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.storage.PoolHostState;
import org.ovm.core.storage.PoolState;

/**
 * A pool's state from its hosts' rows and its last probe: {@code ERROR} when it failed to attach
 * everywhere, {@code DEGRADED} when its probe failed or some hosts failed or cannot reach it,
 * otherwise {@code UP}. Hosts still attaching change nothing.
 */
final class PoolStates {

    private PoolStates() {
    }

    /**
     * Sets the pool's state and reason.
     *
     * @param probeFailure why the pool's own probe failed, or null
     * @param hostName     a host's name by its id (for the reason)
     */
    static void derive(StoragePoolEntity pool, List<PoolHostEntity> rows, String probeFailure,
            Function<String, String> hostName) {
        List<PoolHostEntity> settled = rows.stream().filter(r -> r.getState() != PoolHostState.ATTACHING).toList();
        boolean failedEverywhere = !settled.isEmpty() && settled.size() == rows.size()
                && settled.stream().allMatch(r -> r.getState() == PoolHostState.ERROR);
        List<PoolHostEntity> failing = settled.stream().filter(r -> r.getState() != PoolHostState.UP).toList();
        if (failedEverywhere) {
            pool.setState(PoolState.ERROR);
            pool.setStateReason(cut(rows.size() == 1 ? rows.get(0).getReason()
                    : "attaching the pool failed on every host: " + hosts(failing, hostName)));
        } else if (probeFailure != null) {
            pool.setState(PoolState.DEGRADED);
            pool.setStateReason(cut("the pool cannot be reached: " + probeFailure));
        } else if (!failing.isEmpty()) {
            pool.setState(PoolState.DEGRADED);
            pool.setStateReason(cut(hosts(failing, hostName)));
        } else {
            pool.setState(PoolState.UP);
            pool.setStateReason(null);
        }
    }

    private static String hosts(List<PoolHostEntity> failing, Function<String, String> hostName) {
        return failing.stream().map(r -> "host " + hostName.apply(r.getHostId()) + ": " + r.getReason())
                .collect(Collectors.joining("; "));
    }

    /** A reason cut to its column's width. */
    static String cut(String reason) {
        if (reason == null) {
            return null;
        }
        return reason.length() <= StorageOperations.MAX_REASON ? reason
                : reason.substring(0, StorageOperations.MAX_REASON - 3) + "...";
    }
}
