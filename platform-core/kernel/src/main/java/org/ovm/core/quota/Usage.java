package org.ovm.core.quota;

/** What a VDC uses, exact at all times (claimed before any backend call, released on rollback). */
public record Usage(int cpus, long memoryMiB, long diskGiB, int instances, int ips) {
}
