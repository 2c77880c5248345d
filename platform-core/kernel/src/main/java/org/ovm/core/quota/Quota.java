package org.ovm.core.quota;

/**
 * Limits of a VDC; a null limit is unlimited.
 *
 * @param cpus      vCPUs of its instances
 * @param memoryMiB memory of its instances
 * @param diskGiB   size of its volumes
 * @param instances number of instances
 * @param ips       addresses on its networks (counted once networks exist)
 */
public record Quota(Integer cpus, Long memoryMiB, Long diskGiB, Integer instances, Integer ips) {

    public static final Quota UNLIMITED = new Quota(null, null, null, null, null);
}
