package org.ovm.core;

/**
 * What a client sends to create an instance.
 *
 * @param name      unique per host; letters, digits, '.', '_' and '-'
 * @param cpus      virtual CPUs, 1..256
 * @param memoryMiB memory in MiB, 16..4194304
 * @param hostId    the host to create it on
 * @param vdcId     the VDC that owns it (defaults to the caller's)
 * @param start     power it on once created (default false)
 */
public record InstanceRequest(String name, Integer cpus, Long memoryMiB, String hostId, String vdcId, Boolean start) {
}
