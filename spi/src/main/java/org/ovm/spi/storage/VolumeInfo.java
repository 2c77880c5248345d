package org.ovm.spi.storage;

/**
 * A volume as the backend sees it.
 *
 * @param name            name in the pool
 * @param path            where a hypervisor finds it
 * @param format          on-disk format
 * @param sizeBytes       virtual size
 * @param allocatedBytes  space actually used
 */
public record VolumeInfo(String name, String path, String format, long sizeBytes, long allocatedBytes) {
}
