package org.ovm.spi.storage;

/**
 * A pool's size in bytes.
 *
 * @param totalBytes     capacity
 * @param availableBytes free space
 */
public record PoolCapacity(long totalBytes, long availableBytes) {
}
