package org.ovm.core.quota.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

/**
 * What a VDC still owns: every inventory row that carries its id (users, instances, vApps,
 * volumes, affinity groups, network addresses) and the snapshots of its instances. A VDC is
 * deleted only when this is empty, so no row is left pointing to a VDC that no longer exists
 * (review F7). Tasks and events keep their VDC id as history and do not count.
 */
final class VdcHoldings {

    /** Kind (singular, plural) → JPQL counting the rows of VDC {@code ?1}, in the order a message names them. */
    private static final List<Kind> KINDS = List.of(
            new Kind("user", "users", "SELECT COUNT(e) FROM UserEntity e WHERE e.vdcId = ?1"),
            new Kind("instance", "instances", "SELECT COUNT(e) FROM InstanceEntity e WHERE e.vdcId = ?1"),
            new Kind("snapshot", "snapshots", "SELECT COUNT(s) FROM SnapshotEntity s WHERE s.instanceId IN "
                    + "(SELECT i.id FROM InstanceEntity i WHERE i.vdcId = ?1)"),
            new Kind("vApp", "vApps", "SELECT COUNT(e) FROM VAppEntity e WHERE e.vdcId = ?1"),
            new Kind("volume", "volumes", "SELECT COUNT(e) FROM VolumeEntity e WHERE e.vdcId = ?1"),
            new Kind("affinity group", "affinity groups",
                    "SELECT COUNT(e) FROM AffinityGroupEntity e WHERE e.vdcId = ?1"),
            new Kind("security group", "security groups",
                    "SELECT COUNT(e) FROM SecurityGroupEntity e WHERE e.vdcId = ?1"),
            new Kind("network address", "network addresses",
                    "SELECT COUNT(e) FROM IpAddressEntity e WHERE e.vdcId = ?1"));

    private record Kind(String one, String many, String count) {
    }

    private VdcHoldings() {
    }

    /** Counts per kind (plural name → count), only the kinds the VDC holds, in message order. */
    static Map<String, Long> count(EntityManager em, String vdcId) {
        Map<String, Long> held = new LinkedHashMap<>();
        for (Kind kind : KINDS) {
            long count = em.createQuery(kind.count(), Long.class).setParameter(1, vdcId).getSingleResult();
            if (count > 0) {
                held.put(kind.many(), count);
            }
        }
        return held;
    }

    /** "VDC 'x' still owns 2 volumes and 1 affinity group: delete them first". */
    static String message(String vdcName, Map<String, Long> held) {
        List<String> parts = new ArrayList<>();
        held.forEach((many, count) -> parts.add(count + " " + (count == 1 ? singular(many) : many)));
        String list = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return "VDC '" + vdcName + "' still owns " + list + ": delete " + (held.size() == 1
                && held.values().iterator().next() == 1 ? "it" : "them") + " first";
    }

    private static String singular(String many) {
        return KINDS.stream().filter(k -> k.many().equals(many)).findFirst().map(Kind::one).orElse(many);
    }
}
