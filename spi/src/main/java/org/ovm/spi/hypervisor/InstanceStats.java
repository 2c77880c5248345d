package org.ovm.spi.hypervisor;

import java.time.Instant;

/**
 * Counters of one instance at one instant (cumulative since it started).
 *
 * @param at              when they were read
 * @param cpuTimeNanos    CPU time used
 * @param memoryMiB       memory currently assigned
 * @param diskReadBytes   bytes read from all disks
 * @param diskWriteBytes  bytes written to all disks
 * @param netRxBytes      bytes received on all NICs
 * @param netTxBytes      bytes sent on all NICs
 */
public record InstanceStats(Instant at, long cpuTimeNanos, long memoryMiB, long diskReadBytes, long diskWriteBytes,
        long netRxBytes, long netTxBytes) {
}
