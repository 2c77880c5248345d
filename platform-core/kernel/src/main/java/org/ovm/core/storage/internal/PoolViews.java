package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Objects;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.PoolHostEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.storage.PoolHostView;
import org.ovm.core.storage.StoragePoolView;

/** Pools as admins and as users see them. */
final class PoolViews {

    private PoolViews() {
    }

    /** A pool as non-admins see it: no URI, no hosts. */
    static StoragePoolView publicView(EntityManager em, StoragePoolEntity p, boolean shared) {
        return new StoragePoolView(p.getId(), p.getName(), p.getType(), null, null, null, null, null,
                Objects.toString(p.getState(), null), null, p.getTotalBytes(), p.getAvailableBytes(),
                allocatedBytes(em, p.getId()), p.getOvercommitRatio(), shared, Times.iso(p.getCreatedAt()));
    }

    static StoragePoolView view(EntityManager em, StoragePoolEntity p, boolean shared) {
        List<PoolHostEntity> rows = PoolHosts.rows(em, p.getId());
        List<PoolHostView> hosts = rows.stream().map(r -> {
            HostEntity host = em.find(HostEntity.class, r.getHostId());
            return new PoolHostView(r.getHostId(), host == null ? null : host.getName(),
                    Objects.toString(r.getState(), null), r.getReason(), Times.iso(r.getCheckedAt()));
        }).toList();
        return new StoragePoolView(p.getId(), p.getName(), p.getType(), p.getUri(), p.getHostId(), p.getClusterId(),
                rows.stream().map(PoolHostEntity::getHostId).toList(), hosts, Objects.toString(p.getState(), null),
                p.getStateReason(), p.getTotalBytes(), p.getAvailableBytes(), allocatedBytes(em, p.getId()),
                p.getOvercommitRatio(), shared, Times.iso(p.getCreatedAt()));
    }

    /** The virtual sizes of the pool's volumes, images and backups, added up. */
    static long allocatedBytes(EntityManager em, String poolId) {
        Number volumes = em.createQuery("SELECT SUM(v.sizeBytes) FROM VolumeEntity v WHERE v.poolId = ?1", Number.class)
                .setParameter(1, poolId).getSingleResult();
        Number images = em.createQuery("SELECT SUM(i.sizeBytes) FROM ImageEntity i WHERE i.poolId = ?1", Number.class)
                .setParameter(1, poolId).getSingleResult();
        Number backups = em.createQuery("SELECT SUM(b.sizeBytes) FROM BackupEntity b WHERE b.poolId = ?1", Number.class)
                .setParameter(1, poolId).getSingleResult();
        return (volumes == null ? 0 : volumes.longValue()) + (images == null ? 0 : images.longValue())
                + (backups == null ? 0 : backups.longValue());
    }
}
