package org.ovm.core.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.host.ZoneService;
import org.ovm.core.host.ZoneUpdate;
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
            zone.setDefaultZone(defaultZone(em) == null); // the first zone is the default
            em.persist(zone);
            return view(zone);
        });
        events.publish(caller, "zone/created", created.id(), null, "zone " + name + " created"
                + (created.defaultZone() ? " (the default zone)" : ""));
        return created;
    }

    @Override
    public ZoneView update(Caller caller, String id, ZoneUpdate update) {
        caller.requireAdmin();
        if (update == null) {
            throw OvmException.invalid(null, "a JSON body with name, description or defaultZone is required");
        }
        String name = update.name() == null ? null : Ids.requireName("name", update.name());
        Checks.requireText("description", update.description(), Checks.MAX_DESCRIPTION);
        List<String> changes = new ArrayList<>();
        ZoneView updated = tx.call(em -> {
            ZoneEntity zone = em.find(ZoneEntity.class, id);
            if (zone == null) {
                throw OvmException.notFound("zone", id);
            }
            if (name != null && !name.equals(zone.getName())) {
                Ids.requireUnusedName(em, ZoneEntity.class, "zone", name);
                changes.add("name " + zone.getName() + " -> " + name);
                zone.setName(name);
            }
            if (update.description() != null && !update.description().equals(zone.getDescription())) {
                changes.add("description changed");
                zone.setDescription(update.description().isEmpty() ? null : update.description());
            }
            if (Boolean.FALSE.equals(update.defaultZone()) && zone.isDefaultZone()) {
                throw OvmException.conflict("defaultZone", "zone " + zone.getName() + " is the default zone: make "
                        + "another zone the default instead");
            }
            if (Boolean.TRUE.equals(update.defaultZone()) && !zone.isDefaultZone()) {
                ZoneEntity previous = defaultZone(em);
                if (previous != null) {
                    previous.setDefaultZone(false);
                    em.flush();
                }
                zone.setDefaultZone(true);
                changes.add("made the default zone" + (previous == null ? "" : " instead of " + previous.getName()));
            }
            return view(zone);
        });
        if (!changes.isEmpty()) {
            events.publish(caller, "zone/updated", id, null, "zone " + updated.name() + " updated: "
                    + String.join(", ", changes));
        }
        return updated;
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        String outcome = tx.call(em -> {
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
            if (zone.isDefaultZone()) {
                em.flush();
                ZoneEntity oldest = em.createQuery("SELECT z FROM ZoneEntity z ORDER BY z.createdAt, z.id",
                        ZoneEntity.class).setMaxResults(1).getResultList().stream().findFirst().orElse(null);
                if (oldest != null) {
                    oldest.setDefaultZone(true);
                    return zone.getName() + " deleted; zone " + oldest.getName() + " is the default zone now";
                }
            }
            return zone.getName() + " deleted";
        });
        events.publish(caller, "zone/deleted", id, null, "zone " + outcome);
    }

    /** The default zone, or null when there is none (no zone at all). */
    public static ZoneEntity defaultZone(EntityManager em) {
        return em.createQuery("SELECT z FROM ZoneEntity z WHERE z.defaultZone = TRUE", ZoneEntity.class)
                .setMaxResults(1).getResultList().stream().findFirst().orElse(null);
    }

    static ZoneView view(ZoneEntity zone) {
        return new ZoneView(zone.getId(), zone.getName(), zone.getDescription(), zone.isDefaultZone(),
                Times.iso(zone.getCreatedAt()));
    }
}
