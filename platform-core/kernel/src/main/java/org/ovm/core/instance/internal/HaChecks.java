package org.ovm.core.instance.internal;

import java.util.List;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceKinds;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.VolumeEntity;

/**
 * Which HA instances can restart on another host: virtual machines whose every disk is on a shared
 * pool (one not bound to a host). An instance may be flagged {@code ha} with a local disk; its
 * {@code haBlocker} says why it would not restart.
 */
public final class HaChecks {

    private HaChecks() {
    }

    /** The lowest and highest {@code haPriority}. */
    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;

    /** A requested {@code haPriority} (null: 0); 400 naming {@code haPriority} outside -1000..1000. */
    public static int priority(Integer requested) {
        if (requested == null) {
            return 0;
        }
        if (requested < MIN_PRIORITY || requested > MAX_PRIORITY) {
            throw OvmException.invalid("haPriority", "haPriority must be between " + MIN_PRIORITY + " and "
                    + MAX_PRIORITY + " (higher restarts first), not " + requested);
        }
        return requested;
    }

    /** Why the instance would not restart on another host, or null when it would. */
    public static String blocker(EntityManager em, InstanceEntity instance) {
        if (!instance.isManaged()) {
            return "instance " + instance.getName() + " is not managed by OVM: adopt it first";
        }
        if (!InstanceKinds.VM.equals(instance.getKind() == null ? InstanceKinds.VM : instance.getKind())) {
            return "only virtual machines restart on another host";
        }
        List<VolumeEntity> disks = em.createQuery("SELECT v FROM VolumeEntity v WHERE v.instanceId = ?1 ORDER BY "
                + "v.name", VolumeEntity.class).setParameter(1, instance.getId()).getResultList();
        for (VolumeEntity disk : disks) {
            StoragePoolEntity pool = disk.getPoolId() == null ? null : em.find(StoragePoolEntity.class,
                    disk.getPoolId());
            if (pool == null) {
                return "disk " + disk.getName() + " is on no known pool";
            }
            if (pool.getHostId() != null) {
                HostEntity owner = em.find(HostEntity.class, pool.getHostId());
                return "disk " + disk.getName() + " is on pool " + pool.getName() + ", local to host "
                        + (owner == null ? pool.getHostId() : owner.getName()) + "; move it to a shared pool";
            }
        }
        return null;
    }

    /**
     * The HA instances of a host that were running when it failed and can restart elsewhere, highest
     * {@code haPriority} first (then by name).
     */
    public static List<InstanceEntity> waiting(EntityManager em, String hostId) {
        return em.createQuery("SELECT i FROM InstanceEntity i WHERE i.hostId = ?1 AND i.ha = TRUE AND i.managed = "
                + "TRUE AND i.state IN ('RUNNING', 'PAUSED', 'UNKNOWN') ORDER BY i.haPriority DESC, i.name",
                InstanceEntity.class).setParameter(1, hostId).getResultList().stream()
                .filter(i -> i.getBackendId() != null && blocker(em, i) == null).toList();
    }
}
