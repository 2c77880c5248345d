package org.ovm.core.storage;

/**
 * What a client sends to create an empty volume.
 *
 * @param name    unique in the pool; letters, digits, '.', '_' and '-'
 * @param poolId  the pool to create it in
 * @param sizeGiB size, 1..65536
 * @param vdcId   owning VDC (defaults to the caller's)
 */
public record VolumeRequest(String name, String poolId, Long sizeGiB, String vdcId) {
}
