package org.ovm.core.summary;

import java.util.List;
import java.util.Map;

import org.ovm.core.quota.VdcView;

/**
 * The dashboard's summary. For a caller who is not an admin {@code hosts} is null, {@code clusters},
 * {@code pools} and {@code alarms} are empty, instances, tasks and failures are their VDC's, and
 * {@code quota} is their VDC (its quota and usage); for an admin {@code quota} is null.
 *
 * @param recentFailures the last {@value #RECENT_FAILURES} failed tasks, newest first
 * @param alarms         hosts that are not {@code UP} and pools that are not {@code UP}
 */
public record SummaryView(HostCounts hosts, InstanceCounts instances, TaskCounts tasks, List<ClusterSummary> clusters,
        List<PoolSummary> pools, List<FailureSummary> recentFailures, List<AlarmSummary> alarms, VdcView quota) {

    /** How many failures {@code recentFailures} holds at most. */
    public static final int RECENT_FAILURES = 10;

    /** Hosts: how many, and how many in each state ({@code UP}, {@code DOWN}, ...; states without hosts left out). */
    public record HostCounts(long total, Map<String, Long> byState) {
    }

    /** Instances: how many, by state ({@code RUNNING}, {@code STOPPED}, ...) and by type ({@code vm}, {@code container}). */
    public record InstanceCounts(long total, Map<String, Long> byState, Map<String, Long> byType) {
    }

    /** Tasks not finished yet (queued or running), and tasks that failed in the last 24 hours. */
    public record TaskCounts(long running, long failedLast24h) {
    }

    /**
     * A cluster's capacity: its hosts' CPUs and memory (as the hosts report them), what its
     * instances hold of them, and its overcommit ratios.
     */
    public record ClusterSummary(String id, String name, String hypervisorType, long hosts, long hostsUp, long cpus,
            long allocatedCpus, double cpuOvercommit, long memoryMiB, long allocatedMemoryMiB, double memoryOvercommit) {
    }

    /** A storage pool's state and space; {@code stateReason} is why it is in {@code ERROR} (its failed task's error). */
    public record PoolSummary(String id, String name, String type, String state, String stateReason, long totalBytes,
            long freeBytes) {
    }

    /** A failed task: what it did, on what, why it failed, who started it and when it ended. */
    public record FailureSummary(String taskId, String operation, String resourceType, String resourceName,
            String error, String user, String at) {
    }

    /**
     * Something that needs an operator: a host that is not {@code UP} or a pool that is not
     * {@code UP}. {@code since} is when it changed to that state, when known.
     */
    public record AlarmSummary(String kind, String id, String name, String state, String reason, String since) {
    }
}
