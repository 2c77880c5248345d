package org.ovm.plugin.esxi.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.InstanceStats;

import com.vmware.vim25.VirtualMachineQuickStats;
import com.vmware.vim25.VirtualMachineSummary;

/**
 * A VM's counters from the host's quick stats. ESXi reports CPU as a current rate (MHz), so the
 * cumulative CPU time the SPI asks for is integrated here between reads (rate over one core's
 * clock times the time elapsed), starting at the first read; memory is the guest's active memory.
 * Quick stats carry no disk or network byte counters: those are reported as zero.
 */
final class EsxiStats {

    private record Reading(Instant at, long cpuNanos) {
    }

    private final EsxiCalls calls;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    EsxiStats(EsxiCalls calls) {
        this.calls = calls;
    }

    CompletionStage<InstanceStats> read(OperationContext ctx, HostEndpoint host, String backendId) {
        return calls.call(ctx, host, "reading the VM's counters", s -> {
            VirtualMachineSummary summary = VmReads.vm(s, backendId).getSummary();
            if (summary == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "the host has no VM " + backendId);
            }
            VirtualMachineQuickStats q = summary.getQuickStats();
            int coreMhz = Math.max(1, s.host.getSummary().getHardware().getCpuMhz());
            int usageMhz = q == null || q.getOverallCpuUsage() == null ? 0 : q.getOverallCpuUsage();
            long memory = q == null || q.getGuestMemoryUsage() == null ? 0 : q.getGuestMemoryUsage();
            Instant now = Instant.now();
            String key = host.hostId() + "/" + backendId;
            Reading next = readings.compute(key, (k, last) -> {
                if (last == null) {
                    return new Reading(now, 0);
                }
                long elapsed = java.time.Duration.between(last.at(), now).toNanos();
                return new Reading(now, last.cpuNanos() + (long) (elapsed * (usageMhz / (double) coreMhz)));
            });
            return new InstanceStats(now, next.cpuNanos(), memory, 0, 0, 0, 0);
        });
    }

    void forget(String hostId) {
        readings.keySet().removeIf(k -> k.startsWith(hostId + "/"));
    }

    /** Drops one VM's reading (it was deleted). */
    void forget(String hostId, String backendId) {
        readings.remove(hostId + "/" + backendId);
    }
}
