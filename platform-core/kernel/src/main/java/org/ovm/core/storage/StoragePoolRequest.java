package org.ovm.core.storage;

import java.util.List;
import java.util.Map;

/**
 * What an admin sends to add a storage pool, e.g. {@code {name, type: "local", uri:
 * "file:///var/lib/ovm/pool", hostId}} or {@code {name, type: "nfs", uri: "nfs://10.0.0.5/srv/ovm",
 * clusterId, overcommitRatio: 2.0}}.
 *
 * @param hostId          the one host of the pool (required for pools whose driver is not shared)
 * @param clusterId       every host of the cluster, now and later (shared pools only)
 * @param hostIds         these hosts (shared pools only)
 * @param overcommitRatio null (no limit) or 1.0..100: how many times its capacity the virtual sizes
 *                        of its volumes and images may add up to
 * @param settings        driver settings (e.g. {@code nfsUid}); null: none
 */
public record StoragePoolRequest(String name, String type, String uri, String hostId, String clusterId,
        List<String> hostIds, Double overcommitRatio, Map<String, String> settings) {

    /** A pool of one host, without limit or settings. */
    public StoragePoolRequest(String name, String type, String uri, String hostId) {
        this(name, type, uri, hostId, null, null, null, null);
    }
}
