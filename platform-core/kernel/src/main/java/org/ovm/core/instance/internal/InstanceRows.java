package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceView;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.NicView;
import org.ovm.core.network.security.internal.NicMemberships;

/** Reads instance rows as a caller may see them, and turns them into views. */
public final class InstanceRows {

    private final Tx tx;

    public InstanceRows(Tx tx) {
        this.tx = tx;
    }

    /** The instance, if the caller may see it (its VDC's, or any for an admin); 404 otherwise. */
    public InstanceEntity visible(Caller caller, String id) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
        if (instance == null || !caller.canSee(instance.getVdcId())) {
            throw OvmException.notFound("instance", id);
        }
        return instance;
    }

    /** The instance, whoever asks (for work already authorized, such as a redeemed ticket); 404 if gone. */
    public InstanceEntity find(String id) {
        InstanceEntity instance = tx.call(em -> em.find(InstanceEntity.class, id));
        if (instance == null) {
            throw OvmException.notFound("instance", id);
        }
        return instance;
    }

    /** The host an instance lives on. */
    public HostEntity host(InstanceEntity instance) {
        return tx.call(em -> em.find(HostEntity.class, instance.getHostId()));
    }

    public InstanceView view(InstanceEntity instance) {
        return tx.call(em -> views(em, List.of(instance)).get(0));
    }

    /** The views of some instances, with their NICs and the names of their hosts, VDCs and owners: one query each. */
    static List<InstanceView> views(EntityManager em, List<InstanceEntity> instances) {
        Map<String, List<NicView>> nics = nics(em, instances.stream().map(InstanceEntity::getId).toList());
        Map<String, Object[]> hosts = rows(em, "SELECT h.id, h.type, h.name FROM HostEntity h WHERE h.id IN :ids",
                ids(instances, InstanceEntity::getHostId));
        Map<String, Object[]> vdcs = rows(em, "SELECT v.id, v.name FROM VdcEntity v WHERE v.id IN :ids",
                ids(instances, InstanceEntity::getVdcId));
        Map<String, Object[]> users = rows(em, "SELECT u.id, u.username FROM UserEntity u WHERE u.id IN :ids",
                ids(instances, InstanceEntity::getOwnerId));
        Object[] none = {null, null, null};
        return instances.stream().map(i -> {
            Object[] host = hosts.getOrDefault(i.getHostId(), none);
            return view(i, nics.getOrDefault(i.getId(), List.of()), (String) host[2], (String) host[1],
                    (String) vdcs.getOrDefault(i.getVdcId(), none)[1], (String) users.getOrDefault(i.getOwnerId(),
                            none)[1], i.isHa() ? HaChecks.blocker(em, i) : null);
        }).toList();
    }

    private static List<String> ids(List<InstanceEntity> instances, Function<InstanceEntity, String> id) {
        return instances.stream().map(id).filter(Objects::nonNull).distinct().toList();
    }

    /** Rows of {@code jpql} (selecting the id first) for {@code ids}, by id; no query for no ids. */
    private static Map<String, Object[]> rows(EntityManager em, String jpql, List<String> ids) {
        Map<String, Object[]> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Object[] row : em.createQuery(jpql, Object[].class).setParameter("ids", ids).getResultList()) {
                rows.put((String) row[0], row);
            }
        }
        return rows;
    }

    /** The NICs of some instances, in one query. */
    static Map<String, List<NicView>> nics(EntityManager em, List<String> instanceIds) {
        Map<String, List<NicView>> nics = new HashMap<>();
        if (instanceIds.isEmpty()) {
            return nics;
        }
        Map<String, List<String>> groups = NicMemberships.groups(em, instanceIds);
        for (var a : em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.instanceId IN :ids ORDER BY "
                + "a.nicIndex", IpAddressEntity.class).setParameter("ids", instanceIds).getResultList()) {
            nics.computeIfAbsent(a.getInstanceId(), k -> new ArrayList<>()).add(new NicView(a.getNicIndex(),
                    a.getNetworkId(), a.getAddress(), a.getMac(), groups.get(NicMemberships.key(a))));
        }
        return nics;
    }

    private static InstanceView view(InstanceEntity i, List<NicView> nics, String hostName, String hostType,
            String vdcName, String owner, String haBlocker) {
        return new InstanceView(i.getId(), i.getName(), i.getKind(), i.getHostId(), hostName, hostType, i.getVdcId(),
                vdcName, owner, Objects.toString(i.getState(), null), i.getCpus(), i.getMemoryMib(), i.isManaged(),
                i.getBackendId(), Json.read(i.getDetails()), nics, i.getAffinityGroupId(),
                InstanceTags.decode(i.getTags()), Times.iso(i.getCreatedAt()), Times.iso(i.getUpdatedAt()), i.isHa(),
                i.getHaPriority(), haBlocker);
    }
}
