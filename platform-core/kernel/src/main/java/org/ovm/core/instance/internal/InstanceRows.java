package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        return tx.call(em -> view(instance, nics(em, List.of(instance.getId())).getOrDefault(instance.getId(),
                List.of()), hostTypes(em, List.of(instance)).get(instance.getHostId())));
    }

    /** The types of the hosts of some instances, by host id, in one query. */
    static Map<String, String> hostTypes(EntityManager em, List<InstanceEntity> instances) {
        Map<String, String> types = new HashMap<>();
        List<String> hostIds = instances.stream().map(InstanceEntity::getHostId).filter(Objects::nonNull).distinct()
                .toList();
        if (hostIds.isEmpty()) {
            return types;
        }
        for (Object[] row : em.createQuery("SELECT h.id, h.type FROM HostEntity h WHERE h.id IN :ids", Object[].class)
                .setParameter("ids", hostIds).getResultList()) {
            types.put((String) row[0], (String) row[1]);
        }
        return types;
    }

    /** The NICs of some instances, in one query. */
    static Map<String, List<NicView>> nics(EntityManager em, List<String> instanceIds) {
        Map<String, List<NicView>> nics = new HashMap<>();
        if (instanceIds.isEmpty()) {
            return nics;
        }
        for (var a : em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.instanceId IN :ids ORDER BY "
                + "a.nicIndex", IpAddressEntity.class).setParameter("ids", instanceIds).getResultList()) {
            nics.computeIfAbsent(a.getInstanceId(), k -> new ArrayList<>()).add(
                    new NicView(a.getNicIndex(), a.getNetworkId(), a.getAddress(), a.getMac()));
        }
        return nics;
    }

    static InstanceView view(InstanceEntity i, List<NicView> nics, String hostType) {
        return new InstanceView(i.getId(), i.getName(), i.getKind(), i.getHostId(), hostType, i.getVdcId(),
                Objects.toString(i.getState(), null), i.getCpus(),
                i.getMemoryMib(), i.isManaged(), i.getBackendId(), Json.read(i.getDetails()), nics,
                i.getAffinityGroupId(), Times.iso(i.getCreatedAt()), Times.iso(i.getUpdatedAt()));
    }
}
