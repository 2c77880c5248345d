package org.ovm.spi.storage;

/**
 * A volume as the backend sees it.
 *
 * @param name            name in the pool
 * @param path            where a hypervisor finds it
 * @param format          on-disk format
 * @param sizeBytes       virtual size
 * @param allocatedBytes  space actually used
 * @param backingPath     the backing file its header names, or null
 */
public record VolumeInfo(String name, String path, String format, long sizeBytes, long allocatedBytes,
        String backingPath) {
}
