package org.ovm.core.placement.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.AffinityGroupEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.placement.AffinityGroupRequest;
import org.ovm.core.placement.AffinityGroupService;
import org.ovm.core.placement.AffinityGroupView;

/** Affinity groups of a VDC; placement reads them through the affinity filter. */
public final class AffinityGroupServiceImpl implements AffinityGroupService {

    private final Tx tx;
    private final EventPublisher events;

    public AffinityGroupServiceImpl(Tx tx, EventPublisher events) {
        this.tx = tx;
        this.events = events;
    }

    @Override
    public Page<AffinityGroupView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, AffinityGroupEntity.class, Map.of("name", "name", "kind", "kind",
                "vdcId", "vdcId"), filters, fixed, "name", page, g -> view(em, g)));
    }

    @Override
    public AffinityGroupView get(Caller caller, String id) {
        return tx.call(em -> view(em, visible(em, caller, id)));
    }

    @Override
    public AffinityGroupView create(Caller caller, AffinityGroupRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name and kind is required");
        }
        String name = Ids.requireName("name", request.name());
        if (request.kind() == null
                || !Set.of(AffinityFilter.AFFINITY, AffinityFilter.ANTI_AFFINITY).contains(request.kind())) {
            throw OvmException.invalid("kind", "kind is affinity (members share a host) or anti-affinity (each "
                    + "member on its own host)");
        }
        Checks.requireText("description", request.description(), Checks.MAX_DESCRIPTION);
        String vdcId = caller.isAdmin() ? request.vdcId() : caller.vdcId();
        if (!caller.isAdmin() && request.vdcId() != null && !request.vdcId().equals(caller.vdcId())) {
            throw OvmException.forbidden("you can only create affinity groups in your own VDC");
        }
        AffinityGroupView created = tx.call(em -> {
            // locks the VDC's row as a quota claim does, so a concurrent VDC delete sees this group or
            // this create sees the VDC gone
            if (vdcId != null && em.createNativeQuery("UPDATE VDCS SET NAME = NAME WHERE ID = ?")
                    .setParameter(1, vdcId).executeUpdate() == 0) {
                throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
            }
            var sameName = em.createQuery("SELECT g.id FROM AffinityGroupEntity g WHERE g.name = ?1 AND "
                    + (vdcId == null ? "g.vdcId IS NULL" : "g.vdcId = ?2")).setParameter(1, name);
            boolean taken = !(vdcId == null ? sameName : sameName.setParameter(2, vdcId)).getResultList().isEmpty();
            if (taken) {
                throw OvmException.conflict("name", "affinity group '" + name + "' already exists in this VDC");
            }
            AffinityGroupEntity group = new AffinityGroupEntity();
            group.setId(Ids.newId());
            group.setName(name);
            group.setKind(request.kind());
            group.setVdcId(vdcId);
            group.setDescription(request.description());
            group.setCreatedAt(Times.now());
            em.persist(group);
            return view(em, group);
        });
        events.publish(caller, "affinity-group/created", created.id(), created.vdcId(), created.kind() + " group "
                + name + " created");
        return created;
    }

    @Override
    public void delete(Caller caller, String id) {
        AffinityGroupEntity deleted = tx.call(em -> {
            AffinityGroupEntity group = visible(em, caller, id);
            List<String> members = members(em, id);
            if (!members.isEmpty()) {
                throw OvmException.conflict(null, "affinity group " + group.getName() + " still has " + members.size()
                        + " instance(s); delete them first");
            }
            em.remove(group);
            return group;
        });
        events.publish(caller, "affinity-group/deleted", id, deleted.getVdcId(), deleted.getKind() + " group "
                + deleted.getName() + " deleted");
    }

    private static AffinityGroupEntity visible(EntityManager em, Caller caller, String id) {
        AffinityGroupEntity group = em.find(AffinityGroupEntity.class, id);
        if (group == null || !caller.canSee(group.getVdcId())) {
            throw OvmException.notFound("affinity group", id);
        }
        return group;
    }

    private static List<String> members(EntityManager em, String groupId) {
        return em.createQuery("SELECT i.id FROM InstanceEntity i WHERE i.affinityGroupId = ?1 ORDER BY i.name",
                String.class).setParameter(1, groupId).getResultList();
    }

    static AffinityGroupView view(EntityManager em, AffinityGroupEntity g) {
        return new AffinityGroupView(g.getId(), g.getName(), g.getKind(), g.getVdcId(), g.getDescription(),
                members(em, g.getId()), Times.iso(g.getCreatedAt()));
    }
}
