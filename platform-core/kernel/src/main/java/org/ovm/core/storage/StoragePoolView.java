package org.ovm.core.storage;

import java.util.List;

/**
 * A storage pool as clients see it. Non-admins see neither {@code uri} nor where it lives
 * ({@code hostId}, {@code hostIds}, {@code hosts}: null). {@code stateReason} says why a pool is
 * {@code DEGRADED} or {@code ERROR}. {@code allocatedBytes} is the sum of the virtual sizes of its
 * volumes and images; {@code shared} whether its driver lets many hosts use it at once.
 */
public record StoragePoolView(String id, String name, String type, String uri, String hostId, String clusterId,
        List<String> hostIds, List<PoolHostView> hosts, String state, String stateReason, long totalBytes,
        long availableBytes, long allocatedBytes, Double overcommitRatio, boolean shared, String createdAt) {
}
