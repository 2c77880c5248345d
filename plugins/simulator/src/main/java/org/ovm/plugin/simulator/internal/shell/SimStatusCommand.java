package org.ovm.plugin.simulator.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.plugin.simulator.SimulatorControl;

/** Shows what the simulator holds: instances on a host and calls per operation. */
@Service
@Command(scope = "ovm", name = "sim-status", description = "Show simulated instances of a host, volumes of a pool, reservations and port policies of a network and call counts (test tool)")
public class SimStatusCommand implements Action {

    @Reference
    private SimulatorControl control;

    @Argument(index = 0, name = "hostId", description = "host id whose simulated instances to count")
    private String hostId;

    @org.apache.karaf.shell.api.action.Option(name = "--pool", description = "also count the volumes of this pool")
    private String poolId;

    @org.apache.karaf.shell.api.action.Option(name = "--network", description = "also count the DHCP reservations "
            + "of this network")
    private String networkId;

    @Override
    public Object execute() {
        if (hostId != null) {
            System.out.println("instances: " + control.instanceCount(hostId));
        }
        if (poolId != null) {
            System.out.println("volumes: " + control.volumeCount(poolId));
        }
        if (networkId != null) {
            System.out.println("reservations: " + control.reservationCount(networkId));
            control.portPolicies(networkId).forEach(System.out::println);
        }
        control.calls().forEach((op, count) -> System.out.println("calls " + op + ": " + count));
        return null;
    }
}
