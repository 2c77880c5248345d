package org.ovm.core.host.internal;

import java.util.List;
import java.util.Map;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.host.ZoneService;
import org.ovm.core.host.ZoneView;
import org.ovm.core.internal.inventory.ZoneEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;

/** Zones in the inventory. */
public final class ZoneServiceImpl implements ZoneService {

    private final Tx tx;
    private final EventPublisher events;

    public ZoneServiceImpl(Tx tx, EventPublisher events) {
        this.tx = tx;
        this.events = events;
    }

    @Override
    public Page<ZoneView> list(Caller caller, Filters filters, PageRequest page) {
        return tx.call(em -> Lists.page(em, ZoneEntity.class, Map.of("name", "name"), filters, List.of(), "name", page,
                ZoneServiceImpl::view));
    }

    @Override
    public ZoneView get(Caller caller, String id) {
        return tx.call(em -> {
            ZoneEntity zone = em.find(ZoneEntity.class, id);
            if (zone == null) {
                throw OvmException.notFound("zone", id);
            }
            return view(zone);
        });
    }

    @Override
    public ZoneView create(Caller caller, ZoneRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with a name is required");
        }
        String name = Ids.requireName("name", request.name());
        Checks.requireText("description", request.description(), Checks.MAX_DESCRIPTION);
        ZoneView created = tx.call(em -> {
            Ids.requireUnusedName(em, ZoneEntity.class, "zone", name);
            ZoneEntity zone = new ZoneEntity();
            zone.setId(Ids.newId());
            zone.setName(name);
            zone.setDescription(request.description());
            zone.setCreatedAt(Times.now());
            em.persist(zone);
            return view(zone);
        });
        events.publish(caller, "zone/created", created.id(), null, "zone " + name + " created");
        return created;
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        String name = tx.call(em -> {
            ZoneEntity zone = em.find(ZoneEntity.class, id);
            if (zone == null) {
                throw OvmException.notFound("zone", id);
            }
            long clusters = em.createQuery("SELECT COUNT(c) FROM ClusterEntity c WHERE c.zoneId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            if (clusters > 0) {
                throw OvmException.conflict(null, "zone " + zone.getName() + " still has " + clusters
                        + " cluster(s); delete them first");
            }
            em.remove(zone);
            return zone.getName();
        });
        events.publish(caller, "zone/deleted", id, null, "zone " + name + " deleted");
    }

    static ZoneView view(ZoneEntity zone) {
        return new ZoneView(zone.getId(), zone.getName(), zone.getDescription(), Times.iso(zone.getCreatedAt()));
    }
}
