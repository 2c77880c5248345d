package org.ovm.core.instance;

/** An instance's counters at one instant (cumulative since it started). */
public record StatsView(String at, long cpuTimeNanos, long memoryMiB, long diskReadBytes, long diskWriteBytes,
        long netRxBytes, long netTxBytes) {
}
