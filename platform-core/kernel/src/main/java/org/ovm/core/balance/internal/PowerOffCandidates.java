package org.ovm.core.balance.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ovm.core.Caller;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Tx;

/**
 * A power-saving cluster's candidates to power off: its UP hosts where nothing runs (stopped instances may stay
 * defined there), all but one when every host is empty. Stored on the cluster ({@code ClusterView.powerOffCandidates});
 * each host that becomes one gets the event {@code host/power-off-candidate}. OVM does not power them off.
 */
final class PowerOffCandidates {

    private PowerOffCandidates() {
    }

    /** Recomputes and stores the cluster's candidates; returns their ids. */
    static List<String> update(Tx tx, EventPublisher events, Caller caller, String clusterId) {
        List<HostEntity> fresh = new ArrayList<>();
        List<String> ids = tx.call(em -> {
            ClusterEntity cluster = em.find(ClusterEntity.class, clusterId);
            if (cluster == null) {
                return List.<String>of();
            }
            List<HostEntity> up = em.createQuery("SELECT h FROM HostEntity h WHERE h.clusterId = ?1 ORDER BY h.name",
                    HostEntity.class).setParameter(1, clusterId).getResultList().stream()
                    .filter(h -> h.getState() == HostState.UP).toList();
            List<HostEntity> empty = up.stream().filter(h -> em.createQuery("SELECT COUNT(i) FROM InstanceEntity i "
                    + "WHERE i.hostId = ?1 AND i.state <> 'STOPPED' AND i.state <> 'MISSING'", Long.class)
                    .setParameter(1, h.getId()).getSingleResult() == 0).toList();
            if (!empty.isEmpty() && empty.size() == up.size()) {
                empty = empty.subList(1, empty.size()); // one host stays on
            }
            Set<String> before = Balancer.ids(cluster.getBalanceCandidates());
            List<String> now = empty.stream().map(HostEntity::getId).toList();
            empty.stream().filter(h -> !before.contains(h.getId())).forEach(fresh::add);
            cluster.setBalanceCandidates(now.isEmpty() ? null : String.join(",", now));
            return now;
        });
        for (HostEntity host : fresh) {
            events.record("host/power-off-candidate", host.getId(), caller.username(), caller.source(),
                    Outcome.SUCCEEDED, null, "host " + host.getName() + " runs nothing after power saving consolidated "
                            + "its cluster: a candidate to power off (OVM does not power it off)");
        }
        return ids;
    }

    static List<String> names(Tx tx, List<String> ids) {
        return tx.call(em -> ids.stream().map(id -> {
            HostEntity host = em.find(HostEntity.class, id);
            return host == null ? id : host.getName();
        }).toList());
    }
}
