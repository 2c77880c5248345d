package org.ovm.core.quota.internal;

import javax.persistence.EntityManager;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.VdcEntity;

/**
 * Claims and releases VDC usage with one conditional update, so concurrent requests can never
 * take a VDC beyond its quota; the failing dimension is named in the 409.
 */
public final class QuotaClaims {

    /** Claims in the caller's transaction; a null VDC has no quota. */
    public void claim(EntityManager em, String vdcId, int cpus, long memoryMiB, long diskGiB, int instances) {
        if (vdcId == null) {
            return;
        }
        // one SQL statement: the database serializes it on the VDC's row (a JPQL bulk update may be
        // evaluated in memory, which is not atomic)
        int updated = em.createNativeQuery("UPDATE VDCS SET USED_CPUS = USED_CPUS + ?, "
                + "USED_MEMORY_MIB = USED_MEMORY_MIB + ?, USED_DISK_GIB = USED_DISK_GIB + ?, "
                + "USED_INSTANCES = USED_INSTANCES + ? WHERE ID = ? "
                + "AND (QUOTA_CPUS IS NULL OR USED_CPUS + ? <= QUOTA_CPUS) "
                + "AND (QUOTA_MEMORY_MIB IS NULL OR USED_MEMORY_MIB + ? <= QUOTA_MEMORY_MIB) "
                + "AND (QUOTA_DISK_GIB IS NULL OR USED_DISK_GIB + ? <= QUOTA_DISK_GIB) "
                + "AND (QUOTA_INSTANCES IS NULL OR USED_INSTANCES + ? <= QUOTA_INSTANCES)")
                .setParameter(1, cpus).setParameter(2, memoryMiB).setParameter(3, diskGiB).setParameter(4, instances)
                .setParameter(5, vdcId).setParameter(6, cpus).setParameter(7, memoryMiB).setParameter(8, diskGiB)
                .setParameter(9, instances).executeUpdate();
        if (updated == 1) {
            return;
        }
        VdcEntity vdc = em.find(VdcEntity.class, vdcId);
        if (vdc == null) {
            throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
        }
        em.refresh(vdc);
        String field;
        String detail;
        if (exceeds(vdc.getQuotaInstances(), vdc.getUsedInstances(), instances)) {
            field = "instances";
            detail = vdc.getUsedInstances() + " of " + vdc.getQuotaInstances() + " instances used";
        } else if (exceeds(vdc.getQuotaCpus(), vdc.getUsedCpus(), cpus)) {
            field = "cpus";
            detail = vdc.getUsedCpus() + " of " + vdc.getQuotaCpus() + " vCPUs used, " + cpus + " requested";
        } else if (exceeds(vdc.getQuotaMemoryMib(), vdc.getUsedMemoryMib(), memoryMiB)) {
            field = "memoryMiB";
            detail = vdc.getUsedMemoryMib() + " of " + vdc.getQuotaMemoryMib() + " MiB used, " + memoryMiB
                    + " requested";
        } else {
            field = "diskGiB";
            detail = vdc.getUsedDiskGib() + " of " + vdc.getQuotaDiskGib() + " GiB used, " + diskGiB + " requested";
        }
        throw new OvmException(OvmError.QUOTA_EXCEEDED, field, "VDC " + vdc.getName() + " quota exceeded: " + detail);
    }

    /** Gives usage back (never below zero). */
    public void release(EntityManager em, String vdcId, int cpus, long memoryMiB, long diskGiB, int instances) {
        if (vdcId == null) {
            return;
        }
        em.createNativeQuery("UPDATE VDCS SET USED_CPUS = USED_CPUS - ?, USED_MEMORY_MIB = USED_MEMORY_MIB - ?, "
                + "USED_DISK_GIB = USED_DISK_GIB - ?, USED_INSTANCES = USED_INSTANCES - ? WHERE ID = ?")
                .setParameter(1, cpus).setParameter(2, memoryMiB).setParameter(3, diskGiB).setParameter(4, instances)
                .setParameter(5, vdcId).executeUpdate();
    }

    /** Claims {@code ips} addresses against the VDC's quota, in the caller's transaction. */
    public void claimIps(EntityManager em, String vdcId, int ips) {
        if (vdcId == null || ips == 0) {
            return;
        }
        int updated = em.createNativeQuery("UPDATE VDCS SET USED_IPS = USED_IPS + ? WHERE ID = ? "
                + "AND (QUOTA_IPS IS NULL OR USED_IPS + ? <= QUOTA_IPS)").setParameter(1, ips).setParameter(2, vdcId)
                .setParameter(3, ips).executeUpdate();
        if (updated == 1) {
            return;
        }
        VdcEntity vdc = em.find(VdcEntity.class, vdcId);
        em.refresh(vdc);
        throw new OvmException(OvmError.QUOTA_EXCEEDED, "ips", "VDC " + vdc.getName() + " quota exceeded: "
                + vdc.getUsedIps() + " of " + vdc.getQuotaIps() + " addresses used, " + ips + " requested");
    }

    /** Gives addresses back (never below zero). */
    public void releaseIps(EntityManager em, String vdcId, int ips) {
        if (vdcId == null || ips == 0) {
            return;
        }
        em.createNativeQuery("UPDATE VDCS SET USED_IPS = CASE WHEN USED_IPS > ? THEN USED_IPS - ? ELSE 0 END "
                + "WHERE ID = ?").setParameter(1, ips).setParameter(2, ips).setParameter(3, vdcId).executeUpdate();
    }

    private static boolean exceeds(Number quota, long used, long wanted) {
        return quota != null && used + wanted > quota.longValue();
    }
}
