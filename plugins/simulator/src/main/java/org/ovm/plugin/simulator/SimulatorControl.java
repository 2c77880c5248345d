package org.ovm.plugin.simulator;

import java.util.Map;

/**
 * Fault injection for the simulator plugin, as an OSGi service for tests and as the shell
 * command {@code ovm:sim-fault}. Faults apply to the next calls of one driver operation
 * ({@code probe}, {@code define}, {@code start}, {@code stop}, {@code reboot}, {@code undefine},
 * {@code list}, {@code createVolume}, {@code deleteVolume}, {@code realize}, {@code probePool} (a
 * storage pool's own probe), ...) on any host.
 * Hosts can also carry faults in their URI: {@code sim://h1?fail.define=1&delay.start=5000}; their size
 * ({@code cpus}, {@code memoryMiB}) and {@code seed=N}, N running instances the host reports before
 * OVM created any (discovery imports them; the inventory benchmark loads 100,000 this way).
 * A host with {@code down=/tmp/h1.down} in its URI loses power while that file exists (every call on it
 * fails as unreachable); once the file is gone it answers again with its instances powered off.
 * Storage pools carry theirs in their URI: {@code sim://shared/nfs1?totalGiB=10&down=/tmp/nfs1.down}
 * is a 10 GiB pool whose probe fails while the file {@code /tmp/nfs1.down} exists.
 */
public interface SimulatorControl {

    /** The next {@code count} calls of {@code operation} fail with a backend error. */
    void failNext(String operation, int count);

    /** The next {@code count} calls of {@code operation} take {@code millis} longer. */
    void delayNext(String operation, int count, long millis);

    /** Drops every pending fault. */
    void clearFaults();

    /** Pending faults, for display. */
    Map<String, String> faults();

    /** Number of instances the simulator currently holds on a host (by host id). */
    int instanceCount(String hostId);

    /** Number of volumes the simulator holds in a storage pool (by pool id). */
    int volumeCount(String poolId);

    /** Number of DHCP reservations the simulator holds on a network (by network id). */
    int reservationCount(String networkId);

    /**
     * The port policies applied on a network, one line per NIC:
     * {@code policy <mac> <ip> filtered|unfiltered in=[tcp:22-22@0.0.0.0/0,...] out=[...]}.
     */
    java.util.List<String> portPolicies(String networkId);

    /** Calls seen per operation since start, for tests that check what was (not) called. */
    Map<String, Long> calls();
}
